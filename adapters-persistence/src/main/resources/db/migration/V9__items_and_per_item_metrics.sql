-- Meters that read their events' items: each event takes the dimensions of the first event of join_event_type (of
-- the same customer) whose join_on dimension has its value. Both or neither.
ALTER TABLE meter ADD COLUMN join_event_type text collate "C";
ALTER TABLE meter ADD COLUMN join_on text;
ALTER TABLE meter ADD CONSTRAINT meter_join_whole check ((join_event_type is null) = (join_on is null));

-- Per-item metrics: a metric's mean, or the count of items with a value, over the values of a dimension
-- (formula_parts = the metric; formula_dimension; formula_statistic).
ALTER TABLE metric ADD COLUMN formula_dimension text;
ALTER TABLE metric ADD COLUMN formula_statistic text;
ALTER TABLE metric DROP CONSTRAINT metric_formula_known;
ALTER TABLE metric DROP CONSTRAINT metric_formula_shape;
ALTER TABLE metric ADD CONSTRAINT metric_formula_known check (formula_kind in ('meter', 'ratio', 'sum', 'difference', 'per_customer', 'per_item'));
ALTER TABLE metric ADD CONSTRAINT metric_formula_shape check (
    (formula_kind = 'meter' and formula_meter is not null and cardinality(formula_parts) = 0)
    or (formula_kind = 'ratio' and formula_meter is null and cardinality(formula_parts) = 2 and formula_scale > 0)
    or (formula_kind in ('sum', 'difference') and formula_meter is null and cardinality(formula_parts) between 2 and 5)
    or (formula_kind = 'per_customer' and formula_meter is null and cardinality(formula_parts) = 1)
    or (formula_kind = 'per_item' and formula_meter is null and cardinality(formula_parts) = 1 and formula_dimension is not null
        and formula_statistic in ('mean', 'count')));
