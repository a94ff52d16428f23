package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// Stores print their own abbreviations on receipts ("KS ORG AP FLR 25LB").
// Once a person confirms what such a line was, add_purchase remembers it
// for that store, and the next receipt from the store finds the product
// without guessing.

// matchedStoreAlias: the receipt line was confirmed as this product at
// this store before.
const matchedStoreAlias = "store_alias"

// receiptKey is a receipt line normalised for lookup: lower case, single
// spaces.
func receiptKey(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// storeAliasProduct is the product the receipt line was confirmed as at
// the supplier, if any. It applies only when the caller passed the line
// itself as item_name: a caller who named a product (a person's
// correction) is followed, and the alias learns the new product.
func storeAliasProduct(ctx context.Context, q *queries.Queries, tenant, supplier uuid.UUID, receipt, itemName string) (uuid.UUID, bool, error) {
	key := receiptKey(receipt)
	if key == "" || NameKey(itemName) != NameKey(receipt) {
		return uuid.Nil, false, nil
	}
	pid, err := q.StoreAliasGet(ctx, queries.StoreAliasGetParams{TenantID: tenant, SupplierID: supplier, RawKey: key})
	if errors.Is(err, pgx.ErrNoRows) {
		return uuid.Nil, false, nil
	}
	if err != nil {
		return uuid.Nil, false, fmt.Errorf("store alias %q: %w", receipt, err)
	}
	return pid, true, nil
}

// learnStoreAlias remembers receipt as product at supplier, and on the
// purchase that taught it, so undoing the purchase can forget it.
func learnStoreAlias(ctx context.Context, q *queries.Queries, tenant, supplier, product, purchase uuid.UUID, receipt string) error {
	receipt = strings.Join(strings.Fields(receipt), " ")
	key := receiptKey(receipt)
	if err := q.StoreAliasUpsert(ctx, queries.StoreAliasUpsertParams{TenantID: tenant, SupplierID: supplier,
		RawKey: key, RawText: receipt, ProductID: product}); err != nil {
		return fmt.Errorf("learn store alias %q: %w", receipt, err)
	}
	if err := q.PurchaseSetReceiptKey(ctx, queries.PurchaseSetReceiptKeyParams{TenantID: tenant, ID: purchase, ReceiptKey: &key}); err != nil {
		return fmt.Errorf("purchase receipt line %q: %w", receipt, err)
	}
	return nil
}

// forgetStoreAlias, once purchase is gone, points the receipt line it
// taught (if any) at what the latest other purchase at that store taught,
// or removes it when no other purchase taught it. It says what it did.
func forgetStoreAlias(ctx context.Context, q *queries.Queries, tenant uuid.UUID, taught queries.UndoPurchaseReceiptRow) (string, error) {
	if taught.ReceiptKey == nil {
		return "", nil
	}
	key := *taught.ReceiptKey
	alias := queries.StoreAliasDeleteParams{TenantID: tenant, SupplierID: taught.SupplierID, RawKey: key}
	other, err := q.StoreAliasLatestTeacher(ctx, queries.StoreAliasLatestTeacherParams{TenantID: tenant, SupplierID: taught.SupplierID, ReceiptKey: &key})
	if errors.Is(err, pgx.ErrNoRows) {
		if _, err := q.StoreAliasDelete(ctx, alias); err != nil {
			return "", fmt.Errorf("forget store alias %q: %w", key, err)
		}
		return fmt.Sprintf("; forgot receipt line %q", key), nil
	}
	if err != nil {
		return "", fmt.Errorf("store alias %q: %w", key, err)
	}
	if err := q.StoreAliasSetProduct(ctx, queries.StoreAliasSetProductParams{TenantID: tenant, SupplierID: taught.SupplierID, RawKey: key, ProductID: other}); err != nil {
		return "", fmt.Errorf("store alias %q: %w", key, err)
	}
	return fmt.Sprintf("; receipt line %q stays, as another purchase at the store taught it", key), nil
}

// checkReceiptText validates add_purchase's receipt_text.
func checkReceiptText(s string) error {
	if NameTooLong(s) {
		return Invalid("receipt_text", "must be at most 200 characters")
	}
	return nil
}

// ListStoreAliasesInput filters the learned receipt lines.
type ListStoreAliasesInput struct {
	Store string `json:"store,omitempty" jsonschema:"only this store's lines (its name)"`
	Limit int    `json:"limit,omitempty" jsonschema:"lines to return, 1-500 (default 50), most recently confirmed first"`
}

// StoreAlias is one learned receipt line.
type StoreAlias struct {
	Store       string `json:"store"`
	ReceiptText string `json:"receipt_text"`
	ProductID   string `json:"product_id"`
	Product     string `json:"product"`
}

// ListStoreAliasesOutput is the learned lines.
type ListStoreAliasesOutput struct {
	Aliases []StoreAlias `json:"aliases"`
}

// ListStoreAliases lists receipt lines confirmed as products, per store.
func (t *Tools) ListStoreAliases(ctx context.Context, id identity.Identity, in ListStoreAliasesInput) (ListStoreAliasesOutput, error) {
	out := ListStoreAliasesOutput{Aliases: []StoreAlias{}}
	limit, err := pageLimit(in.Limit)
	if err != nil {
		return out, err
	}
	p := queries.StoreAliasListParams{TenantID: id.TenantID, MaxRows: limit}
	if s := strings.TrimSpace(in.Store); s != "" {
		key := NameKey(s)
		p.SupplierNameKey = &key
	}
	var rows []queries.StoreAliasListRow
	err = t.read(ctx, id, func(q *queries.Queries) error {
		var err error
		rows, err = q.StoreAliasList(ctx, p)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("list store aliases: %w", err)
	}
	for _, r := range rows {
		out.Aliases = append(out.Aliases, StoreAlias{Store: r.SupplierName, ReceiptText: r.RawText,
			ProductID: r.ProductID.String(), Product: productLabel(r.Brand, r.ProductName, r.IngredientName)})
	}
	return out, nil
}

func storeAliasTool() ServerTool {
	return def(ToolsetPantry, Read, &mcp.Tool{Name: "list_store_aliases", Title: "List learned receipt lines",
		Description: "Receipt lines (a store's abbreviations such as \"KS ORG AP FLR 25LB\") that were confirmed as products, per store, most recent first. " +
			"Pass the line as item_name and receipt_text to add_purchase with that store and it finds the same product. " +
			`Example: {"store": "Costco"}`}, (*Tools).ListStoreAliases)
}
