-- A registry change's notification names the instance that made it (the transaction-local setting bothq.writer, which every
-- registry write of the runtime sets), so that instance skips its own change while every other one refreshes. Empty when a
-- writer did not say: then every instance refreshes, as before.
CREATE OR REPLACE FUNCTION {schema}.bothq_registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM changed_rows) THEN
        PERFORM pg_notify('{channel}', coalesce(current_setting('bothq.writer', true), ''));
    END IF;
    RETURN NULL;
END
$$;
