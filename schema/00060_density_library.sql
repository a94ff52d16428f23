-- Baker's math (issue 16): a read-only library of baking densities with
-- their sources, which an ingredient can adopt, and allergen flags on
-- ingredients.

-- +goose Up

-- density_library is global reference data (no tenant, like units): one row
-- per ingredient and measuring method, "volume_value volume_unit weighs
-- weight_value weight_unit", with the publication it comes from. Requests
-- may read it, never write it; corrections come as migrations.
CREATE TABLE density_library (
    id           text          NOT NULL PRIMARY KEY CHECK (id ~ '^[a-z0-9_]{1,80}$'),
    name         text          NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- method is how the cup was filled: spooned (spoon in, level off),
    -- packed, poured (liquids), leveled (small measures, levelled),
    -- chopped (loosely filled pieces), melted.
    method       text          NOT NULL CHECK (method IN ('spooned', 'scooped', 'sifted', 'packed', 'poured', 'leveled', 'chopped', 'melted')),
    volume_value numeric(14,4) NOT NULL CHECK (volume_value > 0),
    volume_unit  text          NOT NULL REFERENCES units (code),
    weight_value numeric(14,4) NOT NULL CHECK (weight_value > 0),
    weight_unit  text          NOT NULL REFERENCES units (code),
    source       text          NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
    source_url   text          NOT NULL CHECK (source_url ~ '^https://'),
    notes        text          NOT NULL DEFAULT '',
    sort_order   smallint      NOT NULL
);
GRANT SELECT ON density_library TO baketracker_app;

INSERT INTO density_library (id, name, method, volume_value, volume_unit, weight_value, weight_unit, source, source_url, notes, sort_order) VALUES
    ('flour_all_purpose_spooned', 'All-purpose flour', 'spooned', 1, 'cup', 120, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'fluffed, sprinkled into the cup and levelled; a cup scooped from the bag weighs noticeably more', 1),
    ('flour_all_purpose_usda', 'All-purpose flour (USDA household measure)', 'scooped', 1, 'cup', 125, 'g', 'USDA FoodData Central, SR Legacy: Wheat flour, white, all-purpose, enriched, bleached', 'https://fdc.nal.usda.gov/', 'USDA portion weight for 1 cup', 2),
    ('flour_bread_spooned', 'Bread flour', 'spooned', 1, 'cup', 120, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 3),
    ('flour_whole_wheat_spooned', 'Whole wheat flour', 'spooned', 1, 'cup', 113, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 4),
    ('flour_white_whole_wheat_spooned', 'White whole wheat flour', 'spooned', 1, 'cup', 113, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 5),
    ('flour_pastry_spooned', 'Pastry flour', 'spooned', 1, 'cup', 106, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 6),
    ('flour_cake_spooned', 'Cake flour', 'spooned', 1, 'cup', 120, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 7),
    ('flour_almond_spooned', 'Almond flour', 'spooned', 1, 'cup', 96, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 8),
    ('semolina_spooned', 'Semolina', 'spooned', 1, 'cup', 163, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 9),
    ('cornmeal_spooned', 'Cornmeal', 'spooned', 1, 'cup', 138, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'whole-grain yellow', 10),
    ('oats_rolled_spooned', 'Rolled oats', 'spooned', 1, 'cup', 89, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'old-fashioned', 11),
    ('cornstarch_spooned', 'Cornstarch', 'spooned', 0.25, 'cup', 28, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 12),
    ('cocoa_unsweetened_spooned', 'Cocoa powder, unsweetened', 'spooned', 0.5, 'cup', 42, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'natural or Dutch-process', 13),
    ('sugar_granulated_spooned', 'Granulated sugar', 'spooned', 1, 'cup', 198, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 14),
    ('sugar_granulated_usda', 'Granulated sugar (USDA household measure)', 'scooped', 1, 'cup', 200, 'g', 'USDA FoodData Central, SR Legacy: Sugars, granulated', 'https://fdc.nal.usda.gov/', 'USDA portion weight for 1 cup', 15),
    ('sugar_brown_packed', 'Brown sugar', 'packed', 1, 'cup', 213, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'light or dark, packed', 16),
    ('sugar_confectioners_spooned', 'Confectioners'' sugar', 'spooned', 1, 'cup', 113, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'unsifted', 17),
    ('honey_poured', 'Honey', 'poured', 1, 'tbsp', 21, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 18),
    ('molasses_poured', 'Molasses', 'poured', 0.25, 'cup', 85, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 19),
    ('maple_syrup_poured', 'Maple syrup', 'poured', 0.5, 'cup', 156, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 20),
    ('corn_syrup_poured', 'Corn syrup', 'poured', 1, 'cup', 312, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'light or dark', 21),
    ('butter_packed', 'Butter', 'packed', 0.5, 'cup', 113, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '1/2 cup = 1 US stick = 8 tbsp', 22),
    ('oil_vegetable_poured', 'Vegetable oil', 'poured', 1, 'cup', 198, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 23),
    ('oil_olive_usda', 'Olive oil', 'poured', 1, 'tbsp', 13.5, 'g', 'USDA FoodData Central, SR Legacy: Oil, olive, salad or cooking', 'https://fdc.nal.usda.gov/', 'USDA portion weight for 1 tbsp', 24),
    ('water_usda', 'Water', 'poured', 1, 'cup', 237, 'g', 'USDA FoodData Central, SR Legacy: Water, tap, drinking', 'https://fdc.nal.usda.gov/', 'USDA portion weight for 1 cup (8 fl oz)', 25),
    ('water_king_arthur', 'Water (King Arthur recipe convention)', 'poured', 1, 'cup', 227, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'King Arthur writes 1 cup of water as 8 oz by weight; use this to match their recipes', 26),
    ('milk_whole_usda', 'Milk, whole', 'poured', 1, 'cup', 244, 'g', 'USDA FoodData Central, SR Legacy: Milk, whole, 3.25% milkfat', 'https://fdc.nal.usda.gov/', 'USDA portion weight for 1 cup', 27),
    ('milk_king_arthur', 'Milk (King Arthur recipe convention)', 'poured', 1, 'cup', 227, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 28),
    ('buttermilk_poured', 'Buttermilk', 'poured', 1, 'cup', 227, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 29),
    ('cream_heavy_poured', 'Heavy cream', 'poured', 1, 'cup', 227, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 30),
    ('sour_cream_spooned', 'Sour cream', 'spooned', 1, 'cup', 227, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 31),
    ('yogurt_spooned', 'Yogurt', 'spooned', 1, 'cup', 227, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 32),
    ('cream_cheese_packed', 'Cream cheese', 'packed', 1, 'cup', 227, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 33),
    ('egg_whole_beaten_usda', 'Egg, whole, beaten', 'poured', 1, 'cup', 243, 'g', 'USDA FoodData Central, SR Legacy: Egg, whole, raw, fresh', 'https://fdc.nal.usda.gov/', 'USDA portion weight for 1 cup (about 4.9 large eggs)', 34),
    ('peanut_butter_packed', 'Peanut butter', 'packed', 0.5, 'cup', 135, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 35),
    ('salt_table_usda', 'Salt, table', 'leveled', 1, 'tsp', 6, 'g', 'USDA FoodData Central, SR Legacy: Salt, table', 'https://fdc.nal.usda.gov/', 'fine table salt; kosher salts weigh far less per spoon', 36),
    ('baking_soda_usda', 'Baking soda', 'leveled', 1, 'tsp', 4.6, 'g', 'USDA FoodData Central, SR Legacy: Leavening agents, baking soda', 'https://fdc.nal.usda.gov/', '', 37),
    ('baking_powder_leveled', 'Baking powder', 'leveled', 1, 'tsp', 4, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 38),
    ('yeast_instant_leveled', 'Instant yeast', 'leveled', 2.25, 'tsp', 7, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'one 1/4 oz packet', 39),
    ('yeast_active_dry_leveled', 'Active dry yeast', 'leveled', 2.25, 'tsp', 7, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'one 1/4 oz packet', 40),
    ('vanilla_extract_poured', 'Vanilla extract', 'poured', 1, 'tsp', 4, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 41),
    ('chocolate_chips_chopped', 'Chocolate chips', 'chopped', 1, 'cup', 170, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 42),
    ('walnuts_chopped', 'Walnuts, chopped', 'chopped', 1, 'cup', 113, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 43),
    ('pecans_chopped', 'Pecans, chopped', 'chopped', 0.5, 'cup', 57, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 44),
    ('raisins_chopped', 'Raisins', 'chopped', 1, 'cup', 149, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', 'loosely filled', 45),
    ('coconut_shredded_chopped', 'Coconut, sweetened shredded', 'chopped', 1, 'cup', 85, 'g', 'King Arthur Baking, Ingredient Weight Chart', 'https://www.kingarthurbaking.com/learn/ingredient-weight-chart', '', 46);

-- An ingredient that adopted a library entry names it; its four density
-- columns hold the entry's values (so every existing reader converts with
-- them). Setting its own density clears the reference.
ALTER TABLE ingredients ADD COLUMN density_library_id text REFERENCES density_library (id);
ALTER TABLE ingredients ADD CONSTRAINT ingredients_density_library_needs_density
    CHECK (density_library_id IS NULL OR density_volume_value IS NOT NULL);

-- allergens are codes from tools.Allergens (US major 9 and EU 14); the list
-- lives in Go, the one home of the rule, so the column only bounds its size.
ALTER TABLE ingredients ADD COLUMN allergens text[] NOT NULL DEFAULT '{}'
    CHECK (cardinality(allergens) <= 20);

-- +goose Down
ALTER TABLE ingredients DROP COLUMN allergens;
ALTER TABLE ingredients DROP CONSTRAINT ingredients_density_library_needs_density;
ALTER TABLE ingredients DROP COLUMN density_library_id;
DROP TABLE density_library;
