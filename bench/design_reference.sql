-- DESIGN.md §3-4 customers table (default pipeline rfm + abc, --rfm-method
-- ntile, bins 5, ABC by value [0.80, 0.95]) written straight from DuckDB.
-- An independent reference for bench.py and a stand-in for `tiers classify`
-- while the C++ binary does not exist; see design_reference.py.
-- ${IN}, ${OUT}, ${AS_OF} (YYYY-MM-DD) are replaced by bench/duckdb_sql.cjs.
-- Money: amounts read as DECIMAL(18,4) (exact); printed with at least two
-- decimals and no trailing zeros beyond them.  avg_order_value = gross /
-- frequency rounded half-to-even to 4 decimals in integer arithmetic.
COPY (
  WITH t AS (
    SELECT customer_id, order_id, order_date, amount
    FROM read_csv('${IN}', header = true, delim = ',', quote = '"',
                  columns = {'order_id': 'VARCHAR', 'customer_id': 'VARCHAR',
                             'order_date': 'DATE', 'amount': 'DECIMAL(18,4)',
                             'quantity': 'VARCHAR', 'channel': 'VARCHAR'})
    WHERE order_date < DATE '${AS_OF}' AND customer_id IS NOT NULL AND customer_id <> ''
  ), c AS (
    SELECT customer_id,
           MIN(order_date) FILTER (WHERE amount > 0)                  AS first_date,
           MAX(order_date) FILTER (WHERE amount > 0)                  AS last_date,
           COUNT(DISTINCT order_id) FILTER (WHERE amount > 0)         AS frequency,
           COUNT(DISTINCT order_date) FILTER (WHERE amount > 0)       AS purchase_days,
           SUM(amount)                                                AS monetary,
           COALESCE(SUM(amount) FILTER (WHERE amount > 0), 0)         AS gross,
           COALESCE(-SUM(amount) FILTER (WHERE amount < 0), 0)        AS refunds
    FROM t GROUP BY customer_id
  ), scored AS (
    SELECT customer_id,
      NTILE(5) OVER (ORDER BY last_date ASC, customer_id)  AS r,   -- worst = oldest last purchase = largest recency
      NTILE(5) OVER (ORDER BY frequency, customer_id)      AS f,
      NTILE(5) OVER (ORDER BY monetary, customer_id)       AS m
    FROM c WHERE frequency >= 1
  ), s AS (
    SELECT c.*, scored.r, scored.f, scored.m,
      COALESCE(SUM(GREATEST(monetary, 0)) OVER (ORDER BY monetary DESC, customer_id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)  AS before,
      SUM(GREATEST(monetary, 0)) OVER ()                                 AS total,
      CAST(gross * 10000 AS HUGEINT)                                     AS g4
    FROM c LEFT JOIN scored USING (customer_id)
  ), a AS (
    SELECT *,
      CASE WHEN frequency >= 1 THEN
        g4 // frequency + CASE WHEN 2 * (g4 % frequency) > frequency
                                 OR (2 * (g4 % frequency) = frequency AND (g4 // frequency) % 2 = 1)
                               THEN 1 ELSE 0 END
      END AS aov4
    FROM s
  )
  SELECT customer_id, first_date, last_date,
         DATE '${AS_OF}' - last_date   AS recency_days,
         DATE '${AS_OF}' - first_date  AS tenure_days,
         frequency, purchase_days,
         regexp_replace(CAST(monetary AS VARCHAR), '^(-?[0-9]+\.[0-9][0-9](?:[0-9]*[1-9])?)0*$', '\1') AS monetary,
         regexp_replace(CAST(gross    AS VARCHAR), '^(-?[0-9]+\.[0-9][0-9](?:[0-9]*[1-9])?)0*$', '\1') AS gross,
         regexp_replace(CAST(refunds  AS VARCHAR), '^(-?[0-9]+\.[0-9][0-9](?:[0-9]*[1-9])?)0*$', '\1') AS refunds,
         regexp_replace(CAST(aov4 // 10000 AS VARCHAR) || '.' || lpad(CAST(aov4 % 10000 AS VARCHAR), 4, '0'),
                        '^(-?[0-9]+\.[0-9][0-9](?:[0-9]*[1-9])?)0*$', '\1') AS avg_order_value,
         CASE WHEN r IS NULL THEN 'no_purchases'
              WHEN r = 5 AND f >= 4 THEN 'champions'
              WHEN r IN (3, 4) AND f >= 4 THEN 'loyal'
              WHEN r >= 4 AND f IN (2, 3) THEN 'potential_loyalist'
              WHEN r = 5 AND f = 1 THEN 'new'
              WHEN r = 4 AND f = 1 THEN 'promising'
              WHEN r = 3 AND f = 3 THEN 'need_attention'
              WHEN r = 3 AND f <= 2 THEN 'about_to_sleep'
              WHEN r <= 2 AND f = 5 THEN 'cant_lose'
              WHEN r <= 2 AND f IN (3, 4) THEN 'at_risk'
              ELSE 'hibernating' END                       AS rfm,
         r AS rfm_r, f AS rfm_f, m AS rfm_m,
         CAST(r AS VARCHAR) || CAST(f AS VARCHAR) || CAST(m AS VARCHAR) AS rfm_cell,
         CASE WHEN monetary <= 0 THEN 'C'
              WHEN before * 100 < 80 * total THEN 'A'
              WHEN before * 100 < 95 * total THEN 'B' ELSE 'C' END AS abc
  FROM a
  ORDER BY customer_id
) TO '${OUT}' (HEADER, DELIMITER ',');
