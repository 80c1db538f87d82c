// Structure tests of the production stack. No Docker engine runs on our machines or on CI, so
// the compose file is never started here: these tests check it is right by construction.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseDocument } from 'yaml';
import { loadConfig, parseDeviceCredentials } from '../ehr-api/src/config.js';

const dockerDir = import.meta.dirname;
const repoRoot = path.resolve(dockerDir, '..');
const composeText = readFileSync(path.join(dockerDir, 'compose.yml'), 'utf8');
const envExampleText = readFileSync(path.join(dockerDir, '.env.example'), 'utf8');
const nginxText = readFileSync(path.join(repoRoot, 'booking-web', 'nginx.conf'), 'utf8');

interface HealthCheck {
  test: string[] | string;
}
interface Build {
  context: string;
  dockerfile?: string;
}
interface BindVolume {
  type: string;
  source: string;
  target: string;
  read_only?: boolean;
}
interface Service {
  image?: string;
  build?: Build;
  restart?: string;
  ports?: string[];
  expose?: string[];
  healthcheck?: HealthCheck;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number | boolean>;
  volumes?: (string | BindVolume)[];
  networks?: string[];
  logging?: { driver: string };
}
interface Compose {
  name?: string;
  services: Record<string, Service>;
  networks: Record<string, unknown>;
  volumes: Record<string, unknown>;
}

const compose = parseDocument(composeText).toJS() as Compose;
const services = Object.entries(compose.services);
const serviceNamed = (name: string): Service => {
  const service = compose.services[name];
  if (!service) throw new Error(`no service ${name} in docker/compose.yml`);
  return service;
};

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`, `${NAME?message}`; not `$${...}`. */
const REFERENCE = /(?<!\$)\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

interface Reference {
  name: string;
  operator: string;
  argument: string;
}
function references(text: string): Reference[] {
  return [...text.matchAll(REFERENCE)].map((m) => ({
    name: m[1] ?? '',
    operator: m[2] ?? '',
    argument: m[3] ?? '',
  }));
}

/** Compose's interpolation rules, enough to read the file as compose would with a given env. */
function interpolate(text: string, env: Record<string, string>): string {
  return text
    .replace(
      REFERENCE,
      (_whole: string, name: string, operator?: string, given?: string): string => {
        const value = env[name];
        const argument = given ?? '';
        switch (operator) {
          case ':-':
            return value ? value : argument;
          case '-':
            return value ?? argument;
          case ':?':
            if (!value)
              throw new Error(`required variable ${name} is missing a value: ${argument}`);
            return value;
          case '?':
            if (value === undefined)
              throw new Error(`required variable ${name} is missing: ${argument}`);
            return value;
          default:
            return value ?? '';
        }
      },
    )
    .replaceAll('$$', '$');
}

function parseEnvFile(text: string): Map<string, { value: string; comment: string[] }> {
  const variables = new Map<string, { value: string; comment: string[] }>();
  let comment: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      comment.push(line);
    } else if (line.trim() === '') {
      comment = [];
    } else {
      const separator = line.indexOf('=');
      variables.set(line.slice(0, separator), { value: line.slice(separator + 1), comment });
      comment = [];
    }
  }
  return variables;
}
const envExample = parseEnvFile(envExampleText);
const exampleEnv = Object.fromEntries([...envExample].map(([name, { value }]) => [name, value]));
const composeWithExample = parseDocument(interpolate(composeText, exampleEnv)).toJS() as Compose;

const LONG_RUNNING = ['mongodb', 'postgres', 'hapi-fhir', 'ehr-api', 'booking-web'];
const SECRET_NAME = /PASSWORD|SECRET|_KEY$|CREDENTIALS/;
/** The FHIR package is a build output (git-ignored), produced before `up` (docker/README.md). */
const BUILD_OUTPUT_MOUNTS = ['../fhir-profiles/build/package.tgz'];

describe('docker/compose.yml', () => {
  it('parses as one YAML document without errors or warnings when read from the repository', () => {
    const document = parseDocument(composeText);

    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
    expect(compose.name).toBe('quangninh-health');
  });

  it('declares exactly the production services when the services are listed', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['booking-web', 'ehr-api', 'hapi-fhir', 'mongodb', 'mongodb-init', 'postgres'].sort(),
    );
  });

  it('gives every long-running service a health check and a restart policy when parsed', () => {
    for (const name of LONG_RUNNING) {
      const service = serviceNamed(name);
      expect({ name, test: service.healthcheck?.test }).toEqual({ name, test: expect.anything() });
      expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
    }
  });

  it('runs mongodb-init once without restarts when the stack comes up', () => {
    const init = serviceNamed('mongodb-init');

    expect(init.restart).toBe('no');
    expect(init.healthcheck).toBeUndefined();
    expect(serviceNamed('ehr-api').depends_on?.['mongodb-init']).toEqual({
      condition: 'service_completed_successfully',
    });
  });

  it('publishes a port for booking-web only when ports are collected', () => {
    const publishing = services.filter(([, s]) => (s.ports ?? []).length > 0).map(([name]) => name);

    expect(publishing).toEqual(['booking-web']);
    expect(serviceNamed('booking-web').ports).toEqual(['${QN_HTTP_PORT:-8080}:80']);
    expect(services.filter(([, s]) => s.expose !== undefined)).toEqual([]);
  });

  it('points every build context and Dockerfile at the repository when paths are resolved from docker/', () => {
    const builds = services.filter(([, s]) => s.build !== undefined);

    expect(builds.map(([name]) => name).sort()).toEqual(['booking-web', 'ehr-api', 'hapi-fhir']);
    for (const [name, service] of builds) {
      const build = service.build as Build;
      const context = path.resolve(dockerDir, build.context);
      const dockerfile = path.resolve(context, build.dockerfile ?? 'Dockerfile');
      expect({ name, context: statSync(context).isDirectory() }).toEqual({ name, context: true });
      expect({ name, dockerfile: existsSync(dockerfile) }).toEqual({ name, dockerfile: true });
    }
    expect(serviceNamed('hapi-fhir').build).toEqual({
      context: './hapi-fhir',
      dockerfile: 'Dockerfile',
    });
  });

  it('mounts repository files that exist, read-only, when bind mounts are resolved from docker/', () => {
    for (const [name, service] of services) {
      for (const volume of service.volumes ?? []) {
        const [source = '', target = '', mode] =
          typeof volume === 'string'
            ? volume.split(':')
            : [volume.source, volume.target, volume.read_only ? 'ro' : 'rw'];
        if (!source.startsWith('.')) {
          expect({ name, volume: source, declared: source in compose.volumes }).toEqual({
            name,
            volume: source,
            declared: true,
          });
          continue;
        }
        expect({ name, target, mode }).toEqual({ name, target, mode: 'ro' });
        if (BUILD_OUTPUT_MOUNTS.includes(source)) continue;
        expect({ name, source, exists: existsSync(path.resolve(dockerDir, source)) }).toEqual({
          name,
          source,
          exists: true,
        });
      }
    }
  });

  it('gives each database its own named volume when volumes are read', () => {
    expect(Object.keys(compose.volumes).sort()).toEqual([
      'mongodb-config',
      'mongodb-data',
      'postgres-data',
    ]);
    expect(serviceNamed('mongodb').volumes).toContain('mongodb-data:/data/db');
    expect(serviceNamed('postgres').volumes).toContain('postgres-data:/var/lib/postgresql/data');
  });

  it('puts every service on the one backend network when networks are read', () => {
    expect(Object.keys(compose.networks)).toEqual(['backend']);
    for (const [name, service] of services) {
      expect({ name, networks: service.networks }).toEqual({ name, networks: ['backend'] });
    }
  });

  it('waits for service_healthy on every dependency that has a health check when depends_on is read', () => {
    for (const [name, service] of services) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const expected = serviceNamed(dependency).healthcheck
          ? 'service_healthy'
          : 'service_completed_successfully';
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: expected });
      }
    }
    expect(Object.keys(serviceNamed('ehr-api').depends_on ?? {}).sort()).toEqual([
      'hapi-fhir',
      'mongodb',
      'mongodb-init',
    ]);
    expect(Object.keys(serviceNamed('hapi-fhir').depends_on ?? {})).toEqual(['postgres']);
    expect(Object.keys(serviceNamed('booking-web').depends_on ?? {})).toEqual(['ehr-api']);
  });

  it('lists every interpolated variable in .env.example when ${VAR} references are collected', () => {
    const used = new Set(references(composeText).map((r) => r.name));

    expect([...used].filter((name) => !envExample.has(name))).toEqual([]);
    expect([...envExample.keys()].filter((name) => !used.has(name))).toEqual([]);
  });

  it('documents each variable of .env.example with a comment when the file is read', () => {
    for (const [name, { comment }] of envExample) {
      expect({ name, commented: comment.length > 0 }).toEqual({ name, commented: true });
    }
  });

  it('requires every secret with a message when it is interpolated', () => {
    for (const reference of references(composeText).filter((r) => SECRET_NAME.test(r.name))) {
      expect({ name: reference.name, operator: reference.operator }).toEqual({
        name: reference.name,
        operator: reference.name === 'QN_DEVICE_CREDENTIALS' ? '?' : ':?',
      });
      expect(reference.argument.length).toBeGreaterThan(10);
    }
  });

  it('stops with the variable and its message when a required secret is missing from the env file', () => {
    const { POSTGRES_PASSWORD: _omitted, ...withoutPassword } = exampleEnv;

    expect(() => interpolate(composeText, withoutPassword)).toThrow(
      'required variable POSTGRES_PASSWORD is missing a value: set POSTGRES_PASSWORD in docker/.env',
    );
  });

  it('contains no literal password when every environment value and URI is inspected', () => {
    const onlyReference = /^\$\{[A-Z_][A-Z0-9_]*[^}]*\}$/;
    for (const [name, service] of services) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        const text = String(value);
        if (SECRET_NAME.test(key)) {
          expect({ name, key, value: onlyReference.test(text) }).toEqual({
            name,
            key,
            value: true,
          });
        }
        // In a URI, user and password must each be a reference: `//${USER...}:${PASSWORD...}@`.
        const withoutReferences = text.replace(REFERENCE, '\u0000');
        for (const [, userinfo = ''] of withoutReferences.matchAll(/\/\/([^/@]*)@/g)) {
          expect({ name, key, userinfo }).toEqual({ name, key, userinfo: '\u0000:\u0000' });
        }
      }
    }
    expect(composeText.replace(REFERENCE, '')).not.toMatch(
      /(password|secret)\s*[:=]\s*['"]?[^\s'"$]{3,}/i,
    );
  });

  it('configures HAPI FHIR on PostgreSQL with the province FHIR package when its environment is read', () => {
    const hapi = serviceNamed('hapi-fhir');

    expect(hapi.environment).toMatchObject({
      HAPI_DB_URL: 'jdbc:postgresql://postgres:5432/hapi',
      HAPI_BIND_ADDRESS: '0.0.0.0',
      HAPI_IG_PACKAGES: '/app/ig/package.tgz',
    });
    expect(hapi.volumes).toContainEqual(
      expect.objectContaining({
        type: 'bind',
        source: '../fhir-profiles/build/package.tgz',
        target: '/app/ig/package.tgz',
        read_only: true,
      }),
    );
    expect(JSON.stringify(hapi.healthcheck?.test)).toContain('/fhir/metadata');
  });

  it('gives ehr-api a configuration its own schema accepts when the example env is interpolated', () => {
    const environment = Object.fromEntries(
      Object.entries(serviceNamed('ehr-api').environment ?? {}).map(([key, value]) => [
        key,
        String(value),
      ]),
    );
    const interpolated = Object.fromEntries(
      Object.entries(composeWithExample.services['ehr-api']?.environment ?? {}).map(
        ([key, value]) => [key, String(value)],
      ),
    );

    const config = loadConfig(interpolated);

    expect(config).toMatchObject({
      NODE_ENV: 'production',
      QN_API_HOST: '0.0.0.0',
      QN_API_PORT: 3000,
      HAPI_FHIR_URL: 'http://hapi-fhir:8090/fhir',
    });
    const uri = new URL(config.MONGODB_URI);
    expect(uri.host).toBe('mongodb:27017');
    expect(uri.searchParams.get('replicaSet')).toBe('rs0');
    expect(decodeURIComponent(uri.username)).toBe(exampleEnv.MONGO_APP_USERNAME);
    expect(decodeURIComponent(uri.password)).toBe(exampleEnv.MONGO_APP_PASSWORD);
    expect(parseDeviceCredentials(config.QN_DEVICE_CREDENTIALS).length).toBeGreaterThan(0);
    expect(JSON.stringify(serviceNamed('ehr-api').healthcheck?.test)).toContain('/health/ready');
    expect(environment.MONGODB_URI).toContain('${MONGO_APP_PASSWORD:?');
  });

  it('checks MongoDB with mongosh ping and starts it as replica set rs0 when the mongodb service is read', () => {
    const mongodb = serviceNamed('mongodb');
    const startScript = readFileSync(path.join(dockerDir, 'mongodb', 'start-mongod.sh'), 'utf8');
    const initScript = readFileSync(path.join(dockerDir, 'mongodb', 'init-replica-set.js'), 'utf8');

    expect(mongodb.image).toBe('mongo:8');
    expect(mongodb.healthcheck?.test).toEqual([
      'CMD',
      'mongosh',
      '--quiet',
      '--eval',
      'db.adminCommand("ping")',
    ]);
    expect(startScript).toMatch(/mongod --replSet rs0 --keyFile/);
    expect(initScript).toContain("const REPLICA_SET = 'rs0'");
    expect(initScript).toContain('replSetInitiate');
  });

  it('checks PostgreSQL with pg_isready when the postgres service is read', () => {
    const postgres = serviceNamed('postgres');

    expect(postgres.image).toBe('postgres:16');
    expect(JSON.stringify(postgres.healthcheck?.test)).toContain('pg_isready');
  });

  it('limits memory with room for HAPI FHIR when resource hints are read', () => {
    const limit = (name: string): string | undefined =>
      (serviceNamed(name) as { deploy?: { resources?: { limits?: { memory?: string } } } }).deploy
        ?.resources?.limits?.memory;

    expect(limit('hapi-fhir')).toBe('2g');
    for (const name of LONG_RUNNING)
      expect({ name, limit: limit(name) }).toEqual({ name, limit: expect.any(String) });
  });
});

describe('Dockerfiles and .dockerignore', () => {
  const ehrApiDockerfile = readFileSync(path.join(repoRoot, 'ehr-api', 'Dockerfile'), 'utf8');
  const bookingWebDockerfile = readFileSync(
    path.join(repoRoot, 'booking-web', 'Dockerfile'),
    'utf8',
  );

  it('installs with npm install and never npm ci when the Node images are built', () => {
    for (const dockerfile of [ehrApiDockerfile, bookingWebDockerfile]) {
      const instructions = dockerfile
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('#'));
      expect(
        instructions.filter((line) => line.startsWith('RUN npm install ')).length,
      ).toBeGreaterThan(0);
      expect(instructions.filter((line) => /npm ci\b/.test(line))).toEqual([]);
    }
  });

  it('runs ehr-api as the non-root node user from its built server when the runtime stage starts', () => {
    const runtime = ehrApiDockerfile.slice(ehrApiDockerfile.lastIndexOf('\nFROM '));

    expect(runtime).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime/m);
    expect(ehrApiDockerfile).toContain('ARG NODE_IMAGE=node:20-bookworm-slim');
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain('CMD ["node", "ehr-api/dist/server.js"]');
    expect(runtime).toMatch(/--omit=dev|production-deps/);
  });

  it('serves both locales with our nginx.conf when the booking-web image is built', () => {
    expect(bookingWebDockerfile).toContain('npm run build -w booking-web');
    expect(bookingWebDockerfile).toMatch(/^FROM nginx:1\.27-alpine$/m);
    expect(bookingWebDockerfile).toContain(
      'COPY booking-web/nginx.conf /etc/nginx/conf.d/default.conf',
    );
    expect(bookingWebDockerfile).toContain(
      '/app/booking-web/dist/booking-web/browser/ /usr/share/nginx/html/',
    );
  });

  it('keeps dependencies, build outputs, git and secrets out of the build context when .dockerignore is read', () => {
    const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');

    for (const pattern of [
      '.git',
      '**/node_modules',
      '**/dist',
      '**/.data',
      '**/.cache',
      'fhir-profiles/build',
      'docker/.env',
    ]) {
      expect(ignored).toContain(pattern);
    }
  });
});

describe('booking-web/nginx.conf', () => {
  const locations = new Map(
    [...nginxText.matchAll(/^\s*location\s+(?:(=|~\*?|\^~)\s+)?(\S+)\s*\{([^}]*)\}/gm)].map((m) => [
      m[2] ?? '',
      m[3] ?? '',
    ]),
  );
  const serverLevel = nginxText.replace(/^\s*location\s[^{]*\{[^}]*\}/gm, '');

  it('proxies /api/, /fhir/ and /health/ to ehr-api:3000 when those locations are read', () => {
    expect(nginxText).toMatch(/set \$qn_api http:\/\/ehr-api:3000;/);
    for (const prefix of ['/api/', '/fhir/', '/health/']) {
      expect({ prefix, body: locations.get(prefix)?.trim() }).toEqual({
        prefix,
        body: 'proxy_pass $qn_api;',
      });
    }
  });

  it('forwards the WebSocket upgrade headers when /agent/socket is proxied', () => {
    const socket = locations.get('/agent/socket') ?? '';

    expect(socket).toContain('proxy_pass $qn_api;');
    expect(socket).toContain('proxy_http_version 1.1;');
    expect(socket).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(socket).toMatch(/proxy_set_header Connection \$qn_connection_upgrade;/);
    expect(nginxText).toMatch(
      /map \$http_upgrade \$qn_connection_upgrade \{\s*default upgrade;\s*''\s+close;\s*\}/,
    );
  });

  it('redirects / to /vi/ and falls back to the locale index.html when a client-side route is requested', () => {
    expect(locations.get('/')).toContain('return 404;');
    expect(nginxText).toMatch(/location = \/ \{\s*return 302 \/vi\/;\s*\}/);
    expect(locations.get('/vi/')?.trim()).toBe('try_files $uri $uri/ /vi/index.html;');
    expect(locations.get('/en/')?.trim()).toBe('try_files $uri $uri/ /en/index.html;');
    // The kiosk's own build (booking-web/scripts/build.mjs), the full app when it is missing.
    expect(locations.get('^/(vi|en)/kiosk/?$')?.trim()).toBe(
      'try_files /$1/kiosk.html /$1/index.html;',
    );
  });

  it('sets security headers, gzip and the cache policy at server level when no location adds its own header', () => {
    for (const body of locations.values()) expect(body).not.toContain('add_header');
    for (const header of [
      'Content-Security-Policy',
      'X-Content-Type-Options',
      'X-Frame-Options',
      'Referrer-Policy',
    ]) {
      expect(serverLevel).toMatch(new RegExp(`add_header ${header} .+ always;`));
    }
    expect(serverLevel).toMatch(/^\s*gzip on;$/m);
    expect(nginxText).toMatch(/~\*\\\.html\$\s+"no-cache";/);
    expect(nginxText).toContain('"public, max-age=31536000, immutable"');
  });
});
