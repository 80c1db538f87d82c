import fs from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_DIR } from './paths.js';

export interface SushiConfig {
  id: string;
  canonical: string;
  version: string;
  fhirVersion: string;
}

/** Reads the few scalar keys the packer needs from sushi-config.yaml (flat `key: value` lines). */
export async function readSushiConfig(
  file = path.join(PROJECT_DIR, 'sushi-config.yaml'),
): Promise<SushiConfig> {
  const text = await fs.readFile(file, 'utf8');
  const get = (key: string): string => {
    const match = new RegExp(`^${key}:\\s*(.+?)\\s*$`, 'm').exec(text);
    if (!match?.[1]) throw new Error(`${file}: missing "${key}"`);
    return match[1].replace(/^["']|["']$/g, '');
  };
  return {
    id: get('id'),
    canonical: get('canonical'),
    version: get('version'),
    fhirVersion: get('fhirVersion'),
  };
}
