-- The peer job (../shared/bench/peers/tiers_duckdb.sql) changed ONLY where
-- DESIGN.md §3-4 treats refunds differently; every change is marked "DESIGN".
-- Same input schema, same output columns, same NTILE orderings.
--   * recency (via last purchase date) and frequency count purchase rows only
--     (amount > 0), DESIGN §3;
--   * a customer with no purchase has empty recency and R/F/M, frequency 0,
--     and takes no NTILE position (n = customers with frequency >= 1), §4.1;
--   * ABC: total = sum of max(monetary, 0); exact DECIMAL comparison
--     (before * 100 < 80 * total); monetary <= 0 is always the last tier, §4.2.
-- Also DESIGN (a no-op on gen.py data, which ends 2024-12-31): only rows dated
-- strictly before the as-of date count.
-- Run with: node bench/duckdb_sql.cjs bench/design_duckdb.sql IN.csv OUT.csv
COPY (
  WITH c AS (
    SELECT customer_id,
           DATE '2025-01-01' - MAX(order_date) FILTER (WHERE amount > 0)  AS recency,    -- DESIGN
           COUNT(DISTINCT order_id) FILTER (WHERE amount > 0)             AS frequency,  -- DESIGN
           SUM(amount)                          AS monetary      -- DECIMAL(18,2) in, DECIMAL(38,2) sum: exact cents
    FROM read_csv('${IN}', header = true, delim = ',', quote = '"',
                  columns = {'order_id': 'BIGINT', 'customer_id': 'VARCHAR',
                             'order_date': 'DATE', 'amount': 'DECIMAL(18,2)',
                             'quantity': 'INTEGER', 'channel': 'VARCHAR'})
    WHERE order_date < DATE '2025-01-01'                                                  -- DESIGN (as-of)
    GROUP BY customer_id
  ), scored AS (                                                                          -- DESIGN: only frequency >= 1
    SELECT customer_id,
      NTILE(5) OVER (ORDER BY recency DESC, customer_id)   AS r,
      NTILE(5) OVER (ORDER BY frequency, customer_id)      AS f,
      NTILE(5) OVER (ORDER BY monetary, customer_id)       AS m
    FROM c WHERE frequency >= 1
  ), s AS (
    SELECT c.*, scored.r, scored.f, scored.m,
      COALESCE(SUM(GREATEST(monetary, 0)) OVER (ORDER BY monetary DESC, customer_id       -- DESIGN: max(monetary, 0)
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)  AS before,
      SUM(GREATEST(monetary, 0)) OVER ()                                 AS total          -- DESIGN: exact, no DOUBLE
    FROM c LEFT JOIN scored USING (customer_id)
  )
  SELECT customer_id, recency, frequency, monetary, r, f, m,
         CASE WHEN monetary <= 0 THEN 'C'                                                  -- DESIGN: last tier
              WHEN before * 100 < 80 * total THEN 'A'
              WHEN before * 100 < 95 * total THEN 'B' ELSE 'C' END AS abc
  FROM s
  ORDER BY customer_id
) TO '${OUT}' (HEADER, DELIMITER ',');
