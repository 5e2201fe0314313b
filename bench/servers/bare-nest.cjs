// The reference of the read-path benchmark: a bare NestJS 11 application on Express with a
// pg pool and ONE query per request, started as its own process like the portal's api.
// Plain CommonJS (decorators applied as functions) so it needs no build.
//   PORT, DATABASE_URL; GET /bare/sittings answers the first 50 sittings as JSON.
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { Pool } = require('pg');
const { BARE_SITTINGS_SQL } = require('./bare-sql.cjs');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });

class BareController {
  async sittings() {
    const r = await pool.query(BARE_SITTINGS_SQL);
    return r.rows;
  }
}
Controller('bare')(BareController);
Get('sittings')(BareController.prototype, 'sittings', Object.getOwnPropertyDescriptor(BareController.prototype, 'sittings'));

class BareModule {}
Module({ controllers: [BareController] })(BareModule);

async function main() {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('ready\n');
}
void main();
