// node bench/duckdb_sql.cjs QUERY.sql IN.csv OUT.csv [NAME=VALUE ...]
//
// Runs one DuckDB SQL file through @duckdb/node-api, the same module and the
// same way as ../shared/bench/peers/tiers_duckdb.cjs.  In the SQL text
// ${IN} and ${OUT} become the two paths and ${NAME} each NAME=VALUE given
// (single quotes doubled, so they can sit inside SQL string literals).
// Modules from $TIERSBENCH_NM (default ./bench-data/node/node_modules);
// DUCKDB_THREADS=N limits DuckDB to N threads.
const fs = require('fs');
const path = require('path');
const NM = process.env.TIERSBENCH_NM || path.resolve('bench-data/node/node_modules');
const { DuckDBInstance } = require(path.join(NM, '@duckdb/node-api'));

(async () => {
  const [sqlFile, inp, out, ...kv] = process.argv.slice(2);
  if (!out) throw new Error('usage: node duckdb_sql.cjs QUERY.sql IN.csv OUT.csv [NAME=VALUE ...]');
  const vars = { IN: inp, OUT: out };
  for (const a of kv) {
    const i = a.indexOf('=');
    if (i < 1) throw new Error(`bad NAME=VALUE argument: ${a}`);
    vars[a.slice(0, i)] = a.slice(i + 1);
  }
  let sql = fs.readFileSync(sqlFile, 'utf8');
  for (const [k, v] of Object.entries(vars)) sql = sql.replaceAll('${' + k + '}', v.replaceAll("'", "''"));
  const left = sql.match(/\$\{[A-Za-z_]+\}/);
  if (left) throw new Error(`${sqlFile}: no value given for ${left[0]}`);
  const opts = {};
  if (process.env.DUCKDB_THREADS) opts.threads = process.env.DUCKDB_THREADS;
  const db = await DuckDBInstance.create(':memory:', opts);
  const con = await db.connect();
  await con.run(sql);
})().catch((e) => { console.error(e.message || e); process.exit(1); });
