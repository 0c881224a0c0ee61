"""The SQL of the monthly rate rollup: the trigger that keeps it current (PostgreSQL), and
the recount that fills it from the demands. Migration 0007 installs it; a change here is a
new migration that runs INSTALL again."""

# The trigger that keeps demands_raterollup current (PostgreSQL only; see
# banshi/demands/models/rollup.py). For each rate a demand counts once, in the month of its
# period column (local time) and for the unit now handling it; merged demands count nowhere:
#   dispatched / responded_in_time   by dispatched_at (signed by sign_due)
#   due / resolved                   by resolve_due (resolved_at set)
#   rated / satisfied                by rated_at with a rating (satisfied or basic)
# An update takes the old row's contribution away and adds the new one's, only for the rates
# whose part of the row changed.
INSTALL = """
CREATE OR REPLACE FUNCTION demands_rate_month(at timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT date_trunc('month', at AT TIME ZONE '%(tz)s')::date $$;

CREATE OR REPLACE FUNCTION demands_rate_rollup_put(
    m date, lvl varchar, code varchar, dept integer,
    a integer, b integer, c integer, d integer, e integer, f integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO demands_raterollup AS r (month, assigned_level, assigned_code, department_id,
      dispatched, responded_in_time, due, resolved, rated, satisfied)
  VALUES (m, lvl, code, dept, a, b, c, d, e, f)
  ON CONFLICT (month, assigned_level, assigned_code, department_id) DO UPDATE SET
      dispatched = r.dispatched + EXCLUDED.dispatched,
      responded_in_time = r.responded_in_time + EXCLUDED.responded_in_time,
      due = r.due + EXCLUDED.due,
      resolved = r.resolved + EXCLUDED.resolved,
      rated = r.rated + EXCLUDED.rated,
      satisfied = r.satisfied + EXCLUDED.satisfied
$$;

CREATE OR REPLACE FUNCTION demands_rate_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  o demands_demand;
  n demands_demand;
  o_on boolean;
  n_on boolean;
  o_unit text;
  n_unit text;
  o_m date;
  n_m date;
  o_x integer;
  n_x integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN o := OLD; END IF;
  IF TG_OP <> 'DELETE' THEN n := NEW; END IF;
  o_on := TG_OP <> 'INSERT' AND o.state <> 'merged';
  n_on := TG_OP <> 'DELETE' AND n.state <> 'merged';
  o_unit := concat_ws('|', o.assigned_level, o.assigned_code,
                      coalesce(o.assigned_department_id, 0));
  n_unit := concat_ws('|', n.assigned_level, n.assigned_code,
                      coalesce(n.assigned_department_id, 0));

  -- dispatched, responded in time
  o_m := CASE WHEN o_on AND o.dispatched_at IS NOT NULL
              THEN demands_rate_month(o.dispatched_at) END;
  n_m := CASE WHEN n_on AND n.dispatched_at IS NOT NULL
              THEN demands_rate_month(n.dispatched_at) END;
  o_x := CASE WHEN o.signed_at IS NOT NULL AND o.signed_at <= o.sign_due THEN 1 ELSE 0 END;
  n_x := CASE WHEN n.signed_at IS NOT NULL AND n.signed_at <= n.sign_due THEN 1 ELSE 0 END;
  IF o_m IS DISTINCT FROM n_m OR (o_m IS NOT NULL AND (o_x <> n_x OR o_unit <> n_unit)) THEN
    IF o_m IS NOT NULL THEN
      PERFORM demands_rate_rollup_put(o_m, o.assigned_level, o.assigned_code,
        coalesce(o.assigned_department_id, 0)::int, -1, -o_x, 0, 0, 0, 0);
    END IF;
    IF n_m IS NOT NULL THEN
      PERFORM demands_rate_rollup_put(n_m, n.assigned_level, n.assigned_code,
        coalesce(n.assigned_department_id, 0)::int, 1, n_x, 0, 0, 0, 0);
    END IF;
  END IF;

  -- due, resolved
  o_m := CASE WHEN o_on AND o.resolve_due IS NOT NULL THEN demands_rate_month(o.resolve_due) END;
  n_m := CASE WHEN n_on AND n.resolve_due IS NOT NULL THEN demands_rate_month(n.resolve_due) END;
  o_x := CASE WHEN o.resolved_at IS NOT NULL THEN 1 ELSE 0 END;
  n_x := CASE WHEN n.resolved_at IS NOT NULL THEN 1 ELSE 0 END;
  IF o_m IS DISTINCT FROM n_m OR (o_m IS NOT NULL AND (o_x <> n_x OR o_unit <> n_unit)) THEN
    IF o_m IS NOT NULL THEN
      PERFORM demands_rate_rollup_put(o_m, o.assigned_level, o.assigned_code,
        coalesce(o.assigned_department_id, 0)::int, 0, 0, -1, -o_x, 0, 0);
    END IF;
    IF n_m IS NOT NULL THEN
      PERFORM demands_rate_rollup_put(n_m, n.assigned_level, n.assigned_code,
        coalesce(n.assigned_department_id, 0)::int, 0, 0, 1, n_x, 0, 0);
    END IF;
  END IF;

  -- rated, satisfied
  o_m := CASE WHEN o_on AND o.rated_at IS NOT NULL AND o.rating <> ''
              THEN demands_rate_month(o.rated_at) END;
  n_m := CASE WHEN n_on AND n.rated_at IS NOT NULL AND n.rating <> ''
              THEN demands_rate_month(n.rated_at) END;
  o_x := CASE WHEN o.rating IN ('satisfied', 'basic') THEN 1 ELSE 0 END;
  n_x := CASE WHEN n.rating IN ('satisfied', 'basic') THEN 1 ELSE 0 END;
  IF o_m IS DISTINCT FROM n_m OR (o_m IS NOT NULL AND (o_x <> n_x OR o_unit <> n_unit)) THEN
    IF o_m IS NOT NULL THEN
      PERFORM demands_rate_rollup_put(o_m, o.assigned_level, o.assigned_code,
        coalesce(o.assigned_department_id, 0)::int, 0, 0, 0, 0, -1, -o_x);
    END IF;
    IF n_m IS NOT NULL THEN
      PERFORM demands_rate_rollup_put(n_m, n.assigned_level, n.assigned_code,
        coalesce(n.assigned_department_id, 0)::int, 0, 0, 0, 0, 1, n_x);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS demands_rate_rollup ON demands_demand;
CREATE TRIGGER demands_rate_rollup
AFTER INSERT OR UPDATE OR DELETE ON demands_demand
FOR EACH ROW EXECUTE FUNCTION demands_rate_rollup_trigger();
"""

UNINSTALL = """
DROP TRIGGER IF EXISTS demands_rate_rollup ON demands_demand;
DROP FUNCTION IF EXISTS demands_rate_rollup_trigger();
DROP FUNCTION IF EXISTS demands_rate_rollup_put(date, varchar, varchar, integer,
    integer, integer, integer, integer, integer, integer);
DROP FUNCTION IF EXISTS demands_rate_month(timestamptz);
"""

# What the demands already in the database add up to (the trigger only sees later writes).
FILL = """
INSERT INTO demands_raterollup (month, assigned_level, assigned_code, department_id,
    dispatched, responded_in_time, due, resolved, rated, satisfied)
SELECT m, lvl, code, dept, sum(a), sum(b), sum(c), sum(d), sum(e), sum(f) FROM (
  SELECT demands_rate_month(dispatched_at) AS m, assigned_level AS lvl, assigned_code AS code,
         coalesce(assigned_department_id, 0) AS dept, 1 AS a,
         (signed_at IS NOT NULL AND signed_at <= sign_due)::int AS b, 0 AS c, 0 AS d,
         0 AS e, 0 AS f
    FROM demands_demand WHERE state <> 'merged' AND dispatched_at IS NOT NULL
  UNION ALL
  SELECT demands_rate_month(resolve_due), assigned_level, assigned_code,
         coalesce(assigned_department_id, 0), 0, 0, 1, (resolved_at IS NOT NULL)::int, 0, 0
    FROM demands_demand WHERE state <> 'merged' AND resolve_due IS NOT NULL
  UNION ALL
  SELECT demands_rate_month(rated_at), assigned_level, assigned_code,
         coalesce(assigned_department_id, 0), 0, 0, 0, 0, 1,
         (rating IN ('satisfied', 'basic'))::int
    FROM demands_demand WHERE state <> 'merged' AND rated_at IS NOT NULL AND rating <> ''
) AS parts GROUP BY m, lvl, code, dept
"""
