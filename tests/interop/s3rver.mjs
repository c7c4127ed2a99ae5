// Starts s3rver (a fake S3 server) on 127.0.0.1 with a random port for the backup tests.
// Usage: node tests/interop/s3rver.mjs <directory> <bucket>...
// Prints one JSON line {"port": N} once listening; exits when stdin closes (the test process ends or closes it).
import S3rver from 's3rver';

const [directory, ...buckets] = process.argv.slice(2);
if (!directory) {
  console.error('usage: node s3rver.mjs <directory> <bucket>...');
  process.exit(2);
}
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map(name => ({ name })),
});
const address = await server.run();
process.stdout.write(JSON.stringify({ port: address.port }) + '\n');
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.on('close', () => server.close(() => process.exit(0)));
