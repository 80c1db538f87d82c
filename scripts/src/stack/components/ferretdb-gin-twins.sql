-- Lets FerretDB 1.24's queries use indexes in the local stack's PostgreSQL.
--
-- FerretDB stores each document in one jsonb column, `_jsonb`. A MongoDB index becomes a btree
-- index on expressions such as `(_jsonb -> 'slotKey')`, but an equality filter is pushed down as
-- `_jsonb->$1 @> $2` (internal/backends/postgresql/query.go): a containment test, which a btree
-- cannot answer, with the field name as a parameter, which no expression index matches. So every
-- find, update and delete read the whole collection, and its cost grew with the collection.
--
-- Two changes make those filters indexed, without touching FerretDB:
-- * every btree index FerretDB creates gets a GIN twin over the same expressions (containment is
--   what GIN answers), made by an event trigger as the btree is made and dropped with it;
-- * plan_cache_mode = force_custom_plan, so a prepared statement is planned with its parameter
--   values and `_jsonb->$1` becomes `_jsonb->'slotKey'`, the twin's expression.
-- Production runs MongoDB (docker/compose.yml), which needs none of this.
-- Idempotent: run at every start of the stack, and twins missing from older data are added.

ALTER DATABASE ferretdb SET plan_cache_mode = force_custom_plan;

CREATE OR REPLACE FUNCTION qn_gin_twin_name(btree_name text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT left(btree_name, 59) || '_gin' $$;

CREATE OR REPLACE FUNCTION qn_add_gin_twin(btree_index oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  index_row pg_index;
  index_name text;
  table_schema text;
  table_name text;
  expression text;
  columns text[] := '{}';
BEGIN
  SELECT * INTO index_row FROM pg_index WHERE indexrelid = btree_index;
  IF NOT FOUND OR index_row.indexprs IS NULL THEN
    RETURN;
  END IF;
  IF (SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.oid = btree_index)
      IS DISTINCT FROM 'btree' THEN
    RETURN;
  END IF;
  -- Only FerretDB's kind: every key an expression over the _jsonb column.
  FOR key_number IN 1..index_row.indnkeyatts LOOP
    expression := pg_get_indexdef(btree_index, key_number, true);
    IF expression !~ '^\(*_jsonb (->|#>) ' THEN
      RETURN;
    END IF;
    columns := columns || format('(%s) jsonb_path_ops', expression);
  END LOOP;
  SELECT c.relname, n.nspname, t.relname INTO index_name, table_schema, table_name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class t ON t.oid = index_row.indrelid
   WHERE c.oid = btree_index;
  -- A twin that cannot be made must not fail FerretDB's own CREATE INDEX: it only costs speed.
  BEGIN
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin (%s)',
      qn_gin_twin_name(index_name), table_schema, table_name, array_to_string(columns, ', '));
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'no GIN twin for index %: %', index_name, SQLERRM;
  END;
END
$$;

CREATE OR REPLACE FUNCTION qn_gin_twins_on_create() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  command record;
BEGIN
  FOR command IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM qn_add_gin_twin(command.objid);
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION qn_gin_twins_on_drop() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  dropped record;
BEGIN
  FOR dropped IN
    SELECT schema_name, object_name FROM pg_event_trigger_dropped_objects()
     WHERE object_type = 'index' AND object_name NOT LIKE '%\_gin'
  LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', dropped.schema_name,
      qn_gin_twin_name(dropped.object_name));
  END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS qn_gin_twins_on_create;
CREATE EVENT TRIGGER qn_gin_twins_on_create ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION qn_gin_twins_on_create();

DROP EVENT TRIGGER IF EXISTS qn_gin_twins_on_drop;
CREATE EVENT TRIGGER qn_gin_twins_on_drop ON sql_drop
  WHEN TAG IN ('DROP INDEX') EXECUTE FUNCTION qn_gin_twins_on_drop();

DO $$
BEGIN
  PERFORM qn_add_gin_twin(i.indexrelid)
     FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'public');
END
$$;
