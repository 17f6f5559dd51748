-- The read path's one query (src/services/procedures.ts readHead) as a PL/pgSQL function: its plan is made
-- once per connection instead of on every call (planning the join and its sub-selects cost more than running them).
CREATE OR REPLACE FUNCTION confidence_procedure_head(p_id text)
RETURNS TABLE (
  id text, roster_id text, title text, leader_name text, rulebook_id text, fixed_date text, simulated boolean,
  created_ms double precision, roster_imported_ms double precision, snapshot_seq bigint, snapshot_roster_imported_ms double precision,
  head bigint, chain_seq bigint, chain_hash text
)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT p.id, p.roster_id, p.title, p.leader_name, p.rulebook_id, p.fixed_date::text, p.simulated,
    floor(extract(epoch FROM p.created_at) * 1000)::double precision,
    floor(extract(epoch FROM r.imported_at) * 1000)::double precision,
    s.seq,
    floor(extract(epoch FROM s.roster_imported_at) * 1000)::double precision,
    (SELECT max(a.seq) FROM audit_log a WHERE a.procedure_id = p.id AND a.kind = 'procedure'),
    (SELECT max(a.seq) FROM audit_log a),
    (SELECT a.hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1)
  FROM procedures p
  JOIN rosters r ON r.id = p.roster_id
  LEFT JOIN procedure_snapshots s ON s.procedure_id = p.id
  WHERE p.id = p_id;
END
$$;
