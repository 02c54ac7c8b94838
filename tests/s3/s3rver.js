// Starts @20minutes/s3rver, a real S3 server that checks SigV4 signatures,
// on 127.0.0.1 for clipseal's S3 store tests.
//
//   node --openssl-legacy-provider tests/s3/s3rver.js --modules DIR
//       --data DIR --port-file FILE [--port N] [--bucket NAME]...
//       [--lifetime SECONDS]
//
// (s3rver makes its continuation tokens with DES, which OpenSSL 3 keeps in
// its legacy provider: without the flag, every listing longer than one
// page fails with InternalError.)
// --modules is where scripts/install-s3rver.sh installed it.  The port it
// bound goes to FILE (written whole, then renamed) once it listens.  It
// serves until SIGTERM, until its parent process goes away, or for
// --lifetime seconds (600), whichever comes first.  The one key pair is
// access key S3RVER, secret S3RVER.
'use strict';

const fs = require('fs');
const path = require('path');

function parse(argv) {
  const o = { port: 0, buckets: [], lifetime: 600 };
  for (let i = 0; i < argv.length; i += 2) {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${argv[i]} needs a value`);
    switch (argv[i]) {
      case '--modules': o.modules = v; break;
      case '--data': o.data = v; break;
      case '--port-file': o.portFile = v; break;
      case '--port': o.port = Number(v); break;
      case '--bucket': o.buckets.push({ name: v }); break;
      case '--lifetime': o.lifetime = Number(v); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!o.modules || !o.data || !o.portFile)
    throw new Error('--modules, --data and --port-file are required');
  return o;
}

async function main() {
  const o = parse(process.argv.slice(2));
  if (!require('crypto').getCiphers().includes('des'))
    throw new Error('run node with --openssl-legacy-provider');
  const S3rver = require(path.join(path.resolve(o.modules), 'node_modules',
    '@20minutes', 's3rver'));
  fs.mkdirSync(o.data, { recursive: true });
  const server = new S3rver({
    port: o.port,
    address: '127.0.0.1',
    directory: o.data,
    silent: true,
    configureBuckets: o.buckets,
  });
  const addr = await server.run();
  fs.writeFileSync(o.portFile + '.tmp', `${addr.port}\n`);
  fs.renameSync(o.portFile + '.tmp', o.portFile);

  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 500).unref();
  setTimeout(() => process.exit(0), o.lifetime * 1000).unref();
}

main().catch((err) => {
  console.error(`s3rver.js: ${err.message}`);
  process.exit(2);
});
