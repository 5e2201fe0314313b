// For information beside the bare NestJS reference: Node's http module with the same pg query.
const http = require('node:http');
const { Pool } = require('pg');
const { BARE_SITTINGS_SQL } = require('./bare-sql.cjs');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
http
  .createServer(async (req, res) => {
    const r = await pool.query(BARE_SITTINGS_SQL);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(r.rows));
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
