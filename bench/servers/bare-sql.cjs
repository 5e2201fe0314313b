// The one query of the bare reference endpoints (bare-nest.cjs, bare-http.cjs) and of the
// database floor's reference script (bench/database-floor.ts).
module.exports.BARE_SITTINGS_SQL =
  'SELECT id, number, kind, mode, state, starts_at, place, title FROM sitting ORDER BY starts_at DESC LIMIT 50';
