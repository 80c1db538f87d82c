import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `fhir-profiles/` (this workspace's root). */
export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where SUSHI writes its output. */
export const SUSHI_OUTPUT_DIR = path.join(PROJECT_DIR, 'fsh-generated');

/** Build products: the FHIR NPM package and the build stamp. */
export const BUILD_DIR = path.join(PROJECT_DIR, 'build');
export const PACKAGE_TGZ = path.join(BUILD_DIR, 'package.tgz');

/** Hand-written invalid resources (never packaged) and their expected failures. */
export const INVALID_EXAMPLES_DIR = path.join(PROJECT_DIR, 'invalid-examples');

export const CORE_PACKAGE_NAME = 'hl7.fhir.r4.core';
export const CORE_PACKAGE_VERSION = '4.0.1';

/**
 * The FHIR package cache SUSHI reads (`~/.fhir/packages`, from `os.homedir()`, so `HOME` moves it).
 */
export function fhirPackageCacheDir(): string {
  return path.join(os.homedir(), '.fhir', 'packages');
}

export function corePackageDir(): string {
  return path.join(fhirPackageCacheDir(), `${CORE_PACKAGE_NAME}#${CORE_PACKAGE_VERSION}`);
}
