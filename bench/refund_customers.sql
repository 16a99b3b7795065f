-- Customers with at least one refund row (amount < 0) before the as-of date,
-- and how many: used by bench.py to attribute peer-vs-DESIGN differences.
-- Run with: node bench/duckdb_sql.cjs bench/refund_customers.sql IN.csv OUT.csv
COPY (
  SELECT customer_id, COUNT(*) AS refund_rows
  FROM read_csv('${IN}', header = true, delim = ',', quote = '"',
                columns = {'order_id': 'BIGINT', 'customer_id': 'VARCHAR',
                           'order_date': 'DATE', 'amount': 'DECIMAL(18,2)',
                           'quantity': 'INTEGER', 'channel': 'VARCHAR'})
  WHERE amount < 0 AND order_date < DATE '2025-01-01'
  GROUP BY customer_id
  ORDER BY customer_id
) TO '${OUT}' (HEADER, DELIMITER ',');
