import { hash } from '@node-rs/argon2';
import { loadConfig } from '../libs/config/src';
import { openDatabase, seedDemoData } from '../libs/persistence/src';

/** Migrates the database and, in development only, writes the demo town into an empty one. */
async function main(): Promise<void> {
  const config = loadConfig();
  const ds = await openDatabase(config.database.url);
  console.log(`  database ${config.database.url.replace(/\/\/[^@]*@/, '//***@')} migrated`);
  if (config.env === 'production') {
    console.log('  production: no demo data');
  } else {
    const result = await seedDemoData(ds, await hash(config.demo.password));
    console.log(result.seeded ? `  demo data written: 17 villages, ${result.users} users` : '  existing data kept (no demo data written)');
  }
  await ds.destroy();
}

main().catch((err) => {
  console.error(`seed failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
