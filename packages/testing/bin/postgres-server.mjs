// A real PostgreSQL in its own process, for tests that stop and restart the database under a
// running gateway. Prints one JSON line with its admin URL; SIGTERM stops it cleanly.
import embedded from '@tandem/embedded';

const [dataDir, port] = process.argv.slice(2);
const postgres = await embedded.startEmbeddedPostgres({ dataDir, port: Number(port) });
process.stdout.write(`${JSON.stringify({ adminUrl: postgres.adminUrl })}\n`);
process.on('SIGTERM', () => {
  postgres.stop().then(() => process.exit(0), () => process.exit(1));
});
