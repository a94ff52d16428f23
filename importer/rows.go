package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
)

// Rows to insert, one struct per table, in the column names of the bulk
// insert queries (jsonb_to_recordset in queries/import_*.sql). The importer
// chooses every id, so references between rows resolve in Go and each table
// is written with one statement per section. TestBulkInsertRecordsMatchTheirTables
// checks each struct and its recordset against the table, since the
// recordset restates column types by hand.

// day is a calendar date, encoded as "2006-01-02".
type day time.Time

func (d day) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(d).Format("2006-01-02") + `"`), nil
}

func dayPtr(t *time.Time) *day {
	if t == nil {
		return nil
	}
	d := day(*t)
	return &d
}

type supplierRow struct {
	ID            uuid.UUID       `json:"id"`
	Slug          string          `json:"slug"`
	Name          string          `json:"name"`
	NameKey       string          `json:"name_key"`
	SupplierType  string          `json:"supplier_type"`
	StreetAddress *string         `json:"street_address"`
	City          *string         `json:"city"`
	State         *string         `json:"state"`
	ZipCode       *string         `json:"zip_code"`
	WebsiteURL    *string         `json:"website_url"`
	Notes         *string         `json:"notes"`
	IsActive      bool            `json:"is_active"`
	IsPlaceholder bool            `json:"is_placeholder"`
	LegacyUUID    *string         `json:"legacy_uuid"`
	Extra         json.RawMessage `json:"extra"`
	ImportID      *uuid.UUID      `json:"import_id"`
}

type ingredientRow struct {
	ID                 uuid.UUID           `json:"id"`
	Slug               string              `json:"slug"`
	DisplayName        string              `json:"display_name"`
	NameKey            string              `json:"name_key"`
	ParentID           *uuid.UUID          `json:"parent_id"`
	HierarchyLevel     int                 `json:"hierarchy_level"`
	Category           string              `json:"category"`
	DefaultUnit        *string             `json:"default_unit"`
	Description        *string             `json:"description"`
	Notes              *string             `json:"notes"`
	DensityVolumeValue decimal.NullDecimal `json:"density_volume_value"`
	DensityVolumeUnit  *string             `json:"density_volume_unit"`
	DensityWeightValue decimal.NullDecimal `json:"density_weight_value"`
	DensityWeightUnit  *string             `json:"density_weight_unit"`
	// Allergens are codes of tools.Allergens; DensityLibraryID the adopted
	// density library entry (its four values are then the density fields).
	Allergens        []string        `json:"allergens,omitempty"`
	DensityLibraryID *string         `json:"density_library_id,omitempty"`
	NeedsReview      bool            `json:"needs_review"`
	LegacyUUID       *string         `json:"legacy_uuid"`
	Extra            json.RawMessage `json:"extra"`
	ImportID         *uuid.UUID      `json:"import_id"`
}

type aliasRow struct {
	ID           uuid.UUID `json:"id"`
	IngredientID uuid.UUID `json:"ingredient_id"`
	Alias        string    `json:"alias"`
	AliasKey     string    `json:"alias_key"`
}

type productRow struct {
	ID                  uuid.UUID       `json:"id"`
	IngredientID        uuid.UUID       `json:"ingredient_id"`
	Slug                string          `json:"slug"`
	Brand               *string         `json:"brand"`
	ProductName         *string         `json:"product_name"`
	NameKey             string          `json:"name_key"`
	PackageUnit         string          `json:"package_unit"`
	PackageUnitQuantity decimal.Decimal `json:"package_unit_quantity"`
	PackageSize         *string         `json:"package_size"`
	PackageType         *string         `json:"package_type"`
	UpcCode             *string         `json:"upc_code"`
	Gtin                *string         `json:"gtin"`
	Gtin14              *string         `json:"gtin14"`
	IsPreferred         bool            `json:"is_preferred"`
	PreferredSupplierID *uuid.UUID      `json:"preferred_supplier_id"`
	IsHidden            bool            `json:"is_hidden"`
	IsProvisional       bool            `json:"is_provisional"`
	NeedsReview         bool            `json:"needs_review"`
	Notes               *string         `json:"notes"`
	LegacyUUID          *string         `json:"legacy_uuid"`
	Extra               json.RawMessage `json:"extra"`
	ImportID            *uuid.UUID      `json:"import_id"`
}

type barcodeRow struct {
	ID        uuid.UUID `json:"id"`
	ProductID uuid.UUID `json:"product_id"`
	Raw       string    `json:"raw"`
	Gtin14    *string   `json:"gtin14"`
}

type purchaseRow struct {
	ID                uuid.UUID           `json:"id"`
	ProductID         uuid.UUID           `json:"product_id"`
	SupplierID        uuid.UUID           `json:"supplier_id"`
	PurchaseDate      day                 `json:"purchase_date"`
	QuantityPurchased decimal.Decimal     `json:"quantity_purchased"`
	UnitPrice         decimal.NullDecimal `json:"unit_price"`
	Notes             *string             `json:"notes"`
	ReceiptImageURL   *string             `json:"receipt_image_url"`
	CreatedBy         *uuid.UUID          `json:"created_by"`
	LegacyUUID        *string             `json:"legacy_uuid"`
	Extra             json.RawMessage     `json:"extra"`
	ImportID          *uuid.UUID          `json:"import_id"`
}

type lotRow struct {
	ID              uuid.UUID           `json:"id"`
	ProductID       uuid.UUID           `json:"product_id"`
	PurchaseID      *uuid.UUID          `json:"purchase_id"`
	InitialQuantity decimal.Decimal     `json:"initial_quantity"`
	Quantity        decimal.Decimal     `json:"quantity"`
	UnitCost        decimal.NullDecimal `json:"unit_cost"`
	PurchaseDate    day                 `json:"purchase_date"`
	ExpirationDate  *day                `json:"expiration_date"`
	OpenedDate      *day                `json:"opened_date"`
	Location        *string             `json:"location"`
	LotOrBatch      *string             `json:"lot_or_batch"`
	Notes           *string             `json:"notes"`
	Source          string              `json:"source"`
	Ordinal         int                 `json:"ordinal"`
	NeedsReview     bool                `json:"needs_review"`
	LegacyUUID      *string             `json:"legacy_uuid"`
	Extra           json.RawMessage     `json:"extra"`
	ImportID        *uuid.UUID          `json:"import_id"`
}

type adjustmentRow struct {
	ID                  uuid.UUID           `json:"id"`
	PantryItemID        uuid.UUID           `json:"pantry_item_id"`
	QuantityChange      decimal.Decimal     `json:"quantity_change"`
	QuantityAfter       decimal.Decimal     `json:"quantity_after"`
	Reason              string              `json:"reason"`
	PercentageRemaining decimal.NullDecimal `json:"percentage_remaining"`
	Cost                decimal.NullDecimal `json:"cost"`
	Notes               *string             `json:"notes"`
	PhotoEvidenceURL    *string             `json:"photo_evidence_url"`
	CreatedBy           *uuid.UUID          `json:"created_by"`
	ImportID            *uuid.UUID          `json:"import_id"`
	CreatedAt           *time.Time          `json:"created_at"`
	// Extra keeps a phone adjustment's ordinal and unknown fields;
	// OccurredAt its adjusted_at (migration 00007).
	Extra      json.RawMessage `json:"extra,omitempty"`
	OccurredAt *time.Time      `json:"occurred_at,omitempty"`
}

type recipeRow struct {
	ID                   uuid.UUID       `json:"id"`
	Slug                 string          `json:"slug"`
	PreviousSlug         *string         `json:"previous_slug"`
	Name                 string          `json:"name"`
	NameKey              string          `json:"name_key"`
	Category             string          `json:"category"`
	Source               *string         `json:"source"`
	Notes                *string         `json:"notes"`
	EstimatedTimeMinutes *int64          `json:"estimated_time_minutes"`
	IsArchived           bool            `json:"is_archived"`
	BaseRecipeID         *uuid.UUID      `json:"base_recipe_id"`
	VariantName          *string         `json:"variant_name"`
	IsProductionReady    bool            `json:"is_production_ready"`
	NeedsReview          bool            `json:"needs_review"`
	LegacyUUID           *string         `json:"legacy_uuid"`
	Extra                json.RawMessage `json:"extra"`
	ImportID             *uuid.UUID      `json:"import_id"`
}

type lineRow struct {
	ID           uuid.UUID       `json:"id"`
	RecipeID     uuid.UUID       `json:"recipe_id"`
	Position     int             `json:"position"`
	IngredientID uuid.UUID       `json:"ingredient_id"`
	Quantity     decimal.Decimal `json:"quantity"`
	Unit         string          `json:"unit"`
	Notes        *string         `json:"notes"`
	Extra        json.RawMessage `json:"extra"`
}

type componentRow struct {
	ID                uuid.UUID       `json:"id"`
	RecipeID          uuid.UUID       `json:"recipe_id"`
	ComponentRecipeID uuid.UUID       `json:"component_recipe_id"`
	Position          int             `json:"position"`
	Quantity          decimal.Decimal `json:"quantity"`
	Notes             *string         `json:"notes"`
}

type finishedUnitRow struct {
	ID                 uuid.UUID           `json:"id"`
	RecipeID           uuid.UUID           `json:"recipe_id"`
	Slug               string              `json:"slug"`
	DisplayName        string              `json:"display_name"`
	YieldMode          *string             `json:"yield_mode"`
	YieldModeRaw       *string             `json:"yield_mode_raw"`
	ItemsPerBatch      decimal.NullDecimal `json:"items_per_batch"`
	ItemUnit           *string             `json:"item_unit"`
	BatchPercentage    decimal.NullDecimal `json:"batch_percentage"`
	PortionDescription *string             `json:"portion_description"`
	YieldType          *string             `json:"yield_type"`
	InventoryCount     int64               `json:"inventory_count"`
	Category           *string             `json:"category"`
	Description        *string             `json:"description"`
	ProductionNotes    *string             `json:"production_notes"`
	Notes              *string             `json:"notes"`
	Extra              json.RawMessage     `json:"extra"`
	ImportID           *uuid.UUID          `json:"import_id"`
}

type eventRow struct {
	ID                uuid.UUID       `json:"id"`
	Slug              string          `json:"slug"`
	Name              string          `json:"name"`
	NameKey           string          `json:"name_key"`
	EventDate         day             `json:"event_date"`
	Year              int64           `json:"year"`
	OutputMode        *string         `json:"output_mode"`
	OutputModeRaw     *string         `json:"output_mode_raw"`
	ExpectedAttendees *int64          `json:"expected_attendees"`
	PlanState         string          `json:"plan_state"`
	Notes             *string         `json:"notes"`
	LegacyUUID        *string         `json:"legacy_uuid"`
	Extra             json.RawMessage `json:"extra"`
	ImportID          *uuid.UUID      `json:"import_id"`
}

type eventRecipeRow struct {
	ID       uuid.UUID       `json:"id"`
	EventID  uuid.UUID       `json:"event_id"`
	RecipeID uuid.UUID       `json:"recipe_id"`
	Batches  decimal.Decimal `json:"batches"`
	Position int             `json:"position"`
	Notes    *string         `json:"notes"`
	// ServingsPerGuest is the recipe's own bulk-plan servings (cloud only).
	ServingsPerGuest decimal.NullDecimal `json:"servings_per_guest"`
}

type finishedGoodRow struct {
	ID                    uuid.UUID       `json:"id"`
	Slug                  string          `json:"slug"`
	DisplayName           string          `json:"display_name"`
	NameKey               string          `json:"name_key"`
	AssemblyType          string          `json:"assembly_type"`
	PackagingInstructions *string         `json:"packaging_instructions"`
	InventoryCount        int64           `json:"inventory_count"`
	Notes                 *string         `json:"notes"`
	Extra                 json.RawMessage `json:"extra"`
	ImportID              *uuid.UUID      `json:"import_id"`
}

type goodComponentRow struct {
	ID              uuid.UUID       `json:"id"`
	FinishedGoodID  uuid.UUID       `json:"finished_good_id"`
	Position        int             `json:"position"`
	FinishedUnitID  *uuid.UUID      `json:"finished_unit_id"`
	ComponentGoodID *uuid.UUID      `json:"component_good_id"`
	MaterialID      *uuid.UUID      `json:"material_id"`
	Quantity        decimal.Decimal `json:"quantity"`
	Notes           *string         `json:"notes"`
}

type packageRow struct {
	ID          uuid.UUID       `json:"id"`
	Slug        string          `json:"slug"`
	Name        string          `json:"name"`
	NameKey     string          `json:"name_key"`
	IsTemplate  bool            `json:"is_template"`
	Description *string         `json:"description"`
	Notes       *string         `json:"notes"`
	Extra       json.RawMessage `json:"extra"`
	ImportID    *uuid.UUID      `json:"import_id"`
}

type packageContentRow struct {
	ID             uuid.UUID       `json:"id"`
	PackageID      uuid.UUID       `json:"package_id"`
	Position       int             `json:"position"`
	FinishedGoodID *uuid.UUID      `json:"finished_good_id"`
	MaterialID     *uuid.UUID      `json:"material_id"`
	Quantity       decimal.Decimal `json:"quantity"`
	Notes          *string         `json:"notes"`
}

type recipientPackageRow struct {
	ID          uuid.UUID       `json:"id"`
	EventID     uuid.UUID       `json:"event_id"`
	RecipientID uuid.UUID       `json:"recipient_id"`
	PackageID   uuid.UUID       `json:"package_id"`
	Quantity    int64           `json:"quantity"`
	Status      string          `json:"status"`
	DeliveredTo *string         `json:"delivered_to"`
	Notes       *string         `json:"notes"`
	Extra       json.RawMessage `json:"extra"`
	ImportID    *uuid.UUID      `json:"import_id"`
}

type assemblyTargetRow struct {
	ID             uuid.UUID  `json:"id"`
	EventID        uuid.UUID  `json:"event_id"`
	FinishedGoodID uuid.UUID  `json:"finished_good_id"`
	TargetQuantity int64      `json:"target_quantity"`
	Notes          *string    `json:"notes"`
	ImportID       *uuid.UUID `json:"import_id"`
}

type productionTargetRow struct {
	ID            uuid.UUID       `json:"id"`
	EventID       uuid.UUID       `json:"event_id"`
	RecipeID      uuid.UUID       `json:"recipe_id"`
	TargetBatches decimal.Decimal `json:"target_batches"`
	Notes         *string         `json:"notes"`
	ImportID      *uuid.UUID      `json:"import_id"`
}

// productionRunRow and assemblyRunRow are desktop runs: imported, without
// consumption rows (importer/desktop_runs.go).
type productionRunRow struct {
	ID                  uuid.UUID           `json:"id"`
	RecipeID            uuid.UUID           `json:"recipe_id"`
	FinishedUnitID      uuid.UUID           `json:"finished_unit_id"`
	EventID             *uuid.UUID          `json:"event_id"`
	NumBatches          decimal.Decimal     `json:"num_batches"`
	ExpectedYield       decimal.Decimal     `json:"expected_yield"`
	ActualYield         int64               `json:"actual_yield"`
	LossQuantity        int64               `json:"loss_quantity"`
	ProductionStatus    string              `json:"production_status"`
	TotalIngredientCost decimal.Decimal     `json:"total_ingredient_cost"`
	CostComplete        bool                `json:"cost_complete"`
	PerUnitCost         decimal.NullDecimal `json:"per_unit_cost"`
	RecipeSnapshot      json.RawMessage     `json:"recipe_snapshot"`
	ProducedAt          time.Time           `json:"produced_at"`
	Notes               *string             `json:"notes"`
	Extra               json.RawMessage     `json:"extra"`
	ImportID            *uuid.UUID          `json:"import_id"`
}

type assemblyRunRow struct {
	ID                 uuid.UUID           `json:"id"`
	FinishedGoodID     uuid.UUID           `json:"finished_good_id"`
	EventID            *uuid.UUID          `json:"event_id"`
	QuantityAssembled  int64               `json:"quantity_assembled"`
	TotalComponentCost decimal.Decimal     `json:"total_component_cost"`
	CostComplete       bool                `json:"cost_complete"`
	PerUnitCost        decimal.NullDecimal `json:"per_unit_cost"`
	AssembledAt        time.Time           `json:"assembled_at"`
	Notes              *string             `json:"notes"`
	Extra              json.RawMessage     `json:"extra"`
	ImportID           *uuid.UUID          `json:"import_id"`
}

type materialPurchaseRow struct {
	ID                uuid.UUID           `json:"id"`
	MaterialID        uuid.UUID           `json:"material_id"`
	PurchaseDate      day                 `json:"purchase_date"`
	PackagesPurchased decimal.Decimal     `json:"packages_purchased"`
	PackagePrice      decimal.NullDecimal `json:"package_price"`
	UnitsAdded        decimal.Decimal     `json:"units_added"`
	UnitCost          decimal.NullDecimal `json:"unit_cost"`
	Notes             *string             `json:"notes"`
	Extra             json.RawMessage     `json:"extra"`
	ImportID          *uuid.UUID          `json:"import_id"`
}

type materialLotRow struct {
	ID                uuid.UUID           `json:"id"`
	MaterialID        uuid.UUID           `json:"material_id"`
	PurchaseID        *uuid.UUID          `json:"purchase_id"`
	QuantityPurchased decimal.Decimal     `json:"quantity_purchased"`
	QuantityRemaining decimal.Decimal     `json:"quantity_remaining"`
	CostPerUnit       decimal.NullDecimal `json:"cost_per_unit"`
	PurchaseDate      day                 `json:"purchase_date"`
	Extra             json.RawMessage     `json:"extra"`
	ImportID          *uuid.UUID          `json:"import_id"`
}

type recipientRow struct {
	ID            uuid.UUID       `json:"id"`
	Name          string          `json:"name"`
	HouseholdName *string         `json:"household_name"`
	Address       *string         `json:"address"`
	Notes         *string         `json:"notes"`
	Extra         json.RawMessage `json:"extra"`
	ImportID      *uuid.UUID      `json:"import_id"`
}

type materialRow struct {
	ID           uuid.UUID       `json:"id"`
	Slug         string          `json:"slug"`
	Name         string          `json:"name"`
	NameKey      string          `json:"name_key"`
	Description  *string         `json:"description"`
	Category     *string         `json:"category"`
	Subcategory  *string         `json:"subcategory"`
	BaseUnitType *string         `json:"base_unit_type"`
	Extra        json.RawMessage `json:"extra"`
	ImportID     *uuid.UUID      `json:"import_id"`
}

type materialProductRow struct {
	ID              uuid.UUID           `json:"id"`
	MaterialID      uuid.UUID           `json:"material_id"`
	Slug            *string             `json:"slug"`
	Name            string              `json:"name"`
	Brand           *string             `json:"brand"`
	Sku             *string             `json:"sku"`
	PackageQuantity decimal.NullDecimal `json:"package_quantity"`
	PackageUnit     *string             `json:"package_unit"`
	DefaultUnitRaw  *string             `json:"default_unit_raw"`
	SupplierID      *uuid.UUID          `json:"supplier_id"`
	IsHidden        bool                `json:"is_hidden"`
	IsProvisional   bool                `json:"is_provisional"`
	Notes           *string             `json:"notes"`
	Extra           json.RawMessage     `json:"extra"`
	ImportID        *uuid.UUID          `json:"import_id"`
}

type archiveRow struct {
	Section string          `json:"section"`
	Ordinal int             `json:"ordinal"`
	Payload json.RawMessage `json:"payload"`
}

type reviewRow struct {
	ID                uuid.UUID       `json:"id"`
	ImportID          *uuid.UUID      `json:"import_id"`
	Ordinal           int             `json:"ordinal"`
	Kind              string          `json:"kind"`
	RawBarcode        string          `json:"raw_barcode"`
	Gtin14            *string         `json:"gtin14"`
	Payload           json.RawMessage `json:"payload"`
	SupplierName      *string         `json:"supplier_name"`
	Status            string          `json:"status"`
	ResolvedProductID *uuid.UUID      `json:"resolved_product_id"`
	ResolvedAt        *time.Time      `json:"resolved_at"`
	ResolvedBy        *uuid.UUID      `json:"resolved_by"`
}

// pending holds the rows of the sections read so far that are not written
// yet; flush writes them table by table in dependency order.
type pending struct {
	suppliers        []supplierRow
	ingredients      []ingredientRow
	aliases          []aliasRow
	products         []productRow
	barcodes         []barcodeRow
	purchases        []purchaseRow
	lots             []lotRow
	adjustments      []adjustmentRow
	recipes          []recipeRow
	lines            []lineRow
	components       []componentRow
	units            []finishedUnitRow
	events           []eventRow
	eventRecipes     []eventRecipeRow
	recipients       []recipientRow
	materials        []materialRow
	materialProducts []materialProductRow
	goods            []finishedGoodRow
	goodComponents   []goodComponentRow
	packages         []packageRow
	packageContents  []packageContentRow
	recipientPkgs    []recipientPackageRow
	assemblyTargets  []assemblyTargetRow
	prodTargets      []productionTargetRow
	materialBuys     []materialPurchaseRow
	materialLots     []materialLotRow
	productionRuns   []productionRunRow
	assemblyRuns     []assemblyRunRow
	archive          []archiveRow
	reviews          []reviewRow
}

// chunkRows bounds one statement's jsonb parameter.
const chunkRows = 5000

// insertAll writes rows in chunks through ins and empties the slice.
func insertAll[T any](ctx context.Context, table string, rows *[]T, ins func(ctx context.Context, b json.RawMessage) error) error {
	for start := 0; start < len(*rows); start += chunkRows {
		end := min(start+chunkRows, len(*rows))
		b, err := json.Marshal((*rows)[start:end])
		if err != nil {
			return fmt.Errorf("import %s: encode rows: %w", table, err)
		}
		if err := ins(ctx, b); err != nil {
			return fmt.Errorf("import %s: %w", table, err)
		}
	}
	*rows = (*rows)[:0]
	return nil
}

// flush writes every pending row, parents before children.
func (p *pending) flush(ctx context.Context, q *queries.Queries, tenant, importID uuid.UUID) error {
	t := tenant
	steps := []func() error{
		func() error {
			return insertAll(ctx, "suppliers", &p.suppliers, func(ctx context.Context, b json.RawMessage) error {
				return q.SupplierImportInsert(ctx, queries.SupplierImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "ingredients", &p.ingredients, func(ctx context.Context, b json.RawMessage) error {
				return q.IngredientImportInsert(ctx, queries.IngredientImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "ingredient_aliases", &p.aliases, func(ctx context.Context, b json.RawMessage) error {
				return q.IngredientAliasImportInsert(ctx, queries.IngredientAliasImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "products", &p.products, func(ctx context.Context, b json.RawMessage) error {
				return q.ProductImportInsert(ctx, queries.ProductImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "product_barcodes", &p.barcodes, func(ctx context.Context, b json.RawMessage) error {
				return q.ProductBarcodeImportInsert(ctx, queries.ProductBarcodeImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "purchases", &p.purchases, func(ctx context.Context, b json.RawMessage) error {
				return q.PurchaseImportInsert(ctx, queries.PurchaseImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "pantry_items", &p.lots, func(ctx context.Context, b json.RawMessage) error {
				return q.PantryItemImportInsert(ctx, queries.PantryItemImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "inventory_adjustments", &p.adjustments, func(ctx context.Context, b json.RawMessage) error {
				return q.InventoryAdjustmentImportInsert(ctx, queries.InventoryAdjustmentImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "recipes", &p.recipes, func(ctx context.Context, b json.RawMessage) error {
				return q.RecipeImportInsert(ctx, queries.RecipeImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "recipe_ingredients", &p.lines, func(ctx context.Context, b json.RawMessage) error {
				return q.RecipeIngredientImportInsert(ctx, queries.RecipeIngredientImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "recipe_components", &p.components, func(ctx context.Context, b json.RawMessage) error {
				return q.RecipeComponentImportInsert(ctx, queries.RecipeComponentImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "finished_units", &p.units, func(ctx context.Context, b json.RawMessage) error {
				return q.FinishedUnitImportInsert(ctx, queries.FinishedUnitImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "events", &p.events, func(ctx context.Context, b json.RawMessage) error {
				return q.EventImportInsert(ctx, queries.EventImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "event_recipes", &p.eventRecipes, func(ctx context.Context, b json.RawMessage) error {
				return q.EventRecipeImportInsert(ctx, queries.EventRecipeImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "recipients", &p.recipients, func(ctx context.Context, b json.RawMessage) error {
				return q.RecipientImportInsert(ctx, queries.RecipientImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "materials", &p.materials, func(ctx context.Context, b json.RawMessage) error {
				return q.MaterialImportInsert(ctx, queries.MaterialImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "material_products", &p.materialProducts, func(ctx context.Context, b json.RawMessage) error {
				return q.MaterialProductImportInsert(ctx, queries.MaterialProductImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "finished_goods", &p.goods, func(ctx context.Context, b json.RawMessage) error {
				return q.FinishedGoodImportInsert(ctx, queries.FinishedGoodImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "packages", &p.packages, func(ctx context.Context, b json.RawMessage) error {
				return q.PackageImportInsert(ctx, queries.PackageImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "finished_good_components", &p.goodComponents, func(ctx context.Context, b json.RawMessage) error {
				return q.FinishedGoodComponentImportInsert(ctx, queries.FinishedGoodComponentImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "package_contents", &p.packageContents, func(ctx context.Context, b json.RawMessage) error {
				return q.PackageContentImportInsert(ctx, queries.PackageContentImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "event_recipient_packages", &p.recipientPkgs, func(ctx context.Context, b json.RawMessage) error {
				return q.RecipientPackageImportInsert(ctx, queries.RecipientPackageImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "event_assembly_targets", &p.assemblyTargets, func(ctx context.Context, b json.RawMessage) error {
				return q.AssemblyTargetImportInsert(ctx, queries.AssemblyTargetImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "event_production_targets", &p.prodTargets, func(ctx context.Context, b json.RawMessage) error {
				return q.ProductionTargetImportInsert(ctx, queries.ProductionTargetImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "material_purchases", &p.materialBuys, func(ctx context.Context, b json.RawMessage) error {
				return q.MaterialPurchaseImportInsert(ctx, queries.MaterialPurchaseImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "material_lots", &p.materialLots, func(ctx context.Context, b json.RawMessage) error {
				return q.MaterialLotImportInsert(ctx, queries.MaterialLotImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "production_runs", &p.productionRuns, func(ctx context.Context, b json.RawMessage) error {
				return q.ProductionRunImportInsert(ctx, queries.ProductionRunImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "assembly_runs", &p.assemblyRuns, func(ctx context.Context, b json.RawMessage) error {
				return q.AssemblyRunImportInsert(ctx, queries.AssemblyRunImportInsertParams{TenantID: t, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "import_archive", &p.archive, func(ctx context.Context, b json.RawMessage) error {
				return q.ImportArchiveInsert(ctx, queries.ImportArchiveInsertParams{TenantID: t, ImportID: importID, Rows: b})
			})
		},
		func() error {
			return insertAll(ctx, "barcode_reviews", &p.reviews, func(ctx context.Context, b json.RawMessage) error {
				return q.BarcodeReviewInsert(ctx, queries.BarcodeReviewInsertParams{TenantID: t, Rows: b})
			})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
