// One-shot set-up run by the `mongodb-init` service (docker/compose.yml) with mongosh, on every
// `docker compose up`; each step is idempotent:
//   1. initiates the single-member replica set `rs0` once (member host `mongodb:27017`, the
//      name the API's driver reaches it by);
//   2. waits until the member is primary;
//   3. creates the application user (readWrite on its database), or resets its password and
//      roles to what the environment says, so rotating MONGO_APP_PASSWORD is an edit and an `up`.
// Connects as the root user that the mongo image created on the volume's first start.

/* global Mongo, print, sleep -- mongosh's shell API */

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`mongodb-init: ${name} is not set`);
  return value;
};

const REPLICA_SET = 'rs0';
const MEMBER_HOST = 'mongodb:27017';
const rootUser = env('MONGO_ROOT_USERNAME');
const rootPassword = env('MONGO_ROOT_PASSWORD');
const appUser = env('MONGO_APP_USERNAME');
const appPassword = env('MONGO_APP_PASSWORD');
const appDatabase = env('MONGO_APP_DATABASE');

// The API's MONGODB_URI is assembled by compose without URL-escaping: refuse what would break it.
const uriSafe = /^[A-Za-z0-9._~-]+$/;
for (const [name, value] of [
  ['MONGO_APP_USERNAME', appUser],
  ['MONGO_APP_PASSWORD', appPassword],
  ['MONGO_APP_DATABASE', appDatabase],
]) {
  if (!uriSafe.test(value)) {
    throw new Error(
      `mongodb-init: ${name} may only contain letters, digits and . _ ~ - (it is written into MONGODB_URI as is)`,
    );
  }
}

const admin = new Mongo(`mongodb://${MEMBER_HOST}/?directConnection=true`).getDB('admin');
admin.auth(rootUser, rootPassword);

const NOT_YET_INITIALIZED = 94;
const status = admin.runCommand({ replSetGetStatus: 1 });
if (status.ok === 1) {
  print(`mongodb-init: replica set ${status.set} already initiated`);
} else if (status.code === NOT_YET_INITIALIZED) {
  const result = admin.runCommand({
    replSetInitiate: { _id: REPLICA_SET, members: [{ _id: 0, host: MEMBER_HOST }] },
  });
  if (result.ok !== 1) throw new Error(`mongodb-init: replSetInitiate failed: ${result.errmsg}`);
  print(`mongodb-init: replica set ${REPLICA_SET} initiated with member ${MEMBER_HOST}`);
} else {
  throw new Error(`mongodb-init: replSetGetStatus failed: ${status.errmsg}`);
}

const deadline = Date.now() + 60_000;
while (!admin.runCommand({ hello: 1 }).isWritablePrimary) {
  if (Date.now() > deadline)
    throw new Error('mongodb-init: the member did not become primary within 60 s');
  sleep(500);
}

const appDb = admin.getSiblingDB(appDatabase);
const roles = [{ role: 'readWrite', db: appDatabase }];
if (appDb.getUser(appUser) === null) {
  appDb.createUser({ user: appUser, pwd: appPassword, roles });
  print(`mongodb-init: created user ${appUser} (readWrite on ${appDatabase})`);
} else {
  appDb.updateUser(appUser, { pwd: appPassword, roles });
  print(`mongodb-init: user ${appUser} exists; password and roles set from the environment`);
}
