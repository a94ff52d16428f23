package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/store"
)

func (e *cmdEnv) tenant(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(e.stdout, "Usage: baketracker tenant create --name NAME --owner-email EMAIL")
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return nil
		}
		return errors.New("tenant: expected the subcommand create")
	}
	fs := e.newFlags("tenant create", "tenant create --name NAME --owner-email EMAIL")
	name := fs.String("name", "", "the bakery's name")
	email := fs.String("owner-email", "", "the owner's email address")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("tenant create: unexpected argument %q (quote a name with spaces)", fs.Arg(0))
	}
	if strings.TrimSpace(*name) == "" || strings.TrimSpace(*email) == "" {
		return errors.New("tenant create: --name and --owner-email are required")
	}
	a, err := e.openApp(ctx, false, true)
	if err != nil {
		return err
	}
	defer a.close()
	out, err := identity.CreateTenant(ctx, a.store, a.tokens, *name, *email)
	if err != nil {
		return err
	}
	return json.NewEncoder(e.stdout).Encode(out)
}

func (e *cmdEnv) token(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "revoke" {
		return e.tokenRevoke(ctx, args[1:])
	}
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(e.stdout, "Usage: baketracker token create --email EMAIL [--tenant ID] [--name LABEL] [--read-only]\n       baketracker token revoke --tenant ID --id TOKEN_ID")
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			return nil
		}
		return errors.New("token: expected the subcommand create or revoke")
	}
	fs := e.newFlags("token create", "token create --email EMAIL [--tenant ID] [--name LABEL] [--read-only]")
	email := fs.String("email", "", "the user's email address")
	tenantFlag := fs.String("tenant", "", "the tenant id (needed when the email is in several tenants)")
	name := fs.String("name", "", "a label for the token, e.g. claude-desktop")
	readOnly := fs.Bool("read-only", false, "the token may only read")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("token create: unexpected argument %q", fs.Arg(0))
	}
	if strings.TrimSpace(*email) == "" {
		return errors.New("token create: --email is required")
	}
	var tenant uuid.UUID
	if *tenantFlag != "" {
		var err error
		if tenant, err = uuid.Parse(*tenantFlag); err != nil {
			return fmt.Errorf("token create: --tenant %q is not a tenant id", *tenantFlag)
		}
	}
	a, err := e.openApp(ctx, false, true)
	if err != nil {
		return err
	}
	defer a.close()
	token, id, err := identity.IssueForEmail(ctx, a.store, a.tokens, *email, tenant, *name, *readOnly)
	if err != nil {
		return err
	}
	return json.NewEncoder(e.stdout).Encode(map[string]string{"token": token, "id": id.String()})
}

func (e *cmdEnv) migrate(ctx context.Context, args []string) error {
	fs := e.newFlags("migrate", "migrate up|down|status")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("migrate: expected up, down or status")
	}
	// Checked before the database starts: a typo should not cost a cluster start.
	switch fs.Arg(0) {
	case "up", "down", "status":
	default:
		return fmt.Errorf("migrate: unknown direction %q (up, down or status)", fs.Arg(0))
	}
	url, release, err := e.databaseURL(ctx, false)
	if err != nil {
		return err
	}
	defer release()
	switch fs.Arg(0) {
	case "up":
		return store.MigrateUp(ctx, url, e.logger)
	case "down":
		return store.MigrateDown(ctx, url, e.logger)
	case "status":
		states, err := store.MigrateStatus(ctx, url, e.logger)
		if err != nil {
			return err
		}
		for _, s := range states {
			mark := "pending"
			if s.Applied {
				mark = "applied"
			}
			fmt.Fprintf(e.stdout, "%05d  %-8s %s\n", s.Version, mark, s.Name)
		}
		return nil
	default:
		return fmt.Errorf("migrate: unknown direction %q (up, down or status)", fs.Arg(0))
	}
}

func (e *cmdEnv) tokenRevoke(ctx context.Context, args []string) error {
	fs := e.newFlags("token revoke", "token revoke --tenant ID --id TOKEN_ID")
	tenantFlag := fs.String("tenant", "", "the tenant id")
	idFlag := fs.String("id", "", "the token id printed by token create")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tenant, err := uuid.Parse(*tenantFlag)
	if err != nil {
		return fmt.Errorf("token revoke: --tenant %q is not a tenant id", *tenantFlag)
	}
	id, err := uuid.Parse(*idFlag)
	if err != nil {
		return fmt.Errorf("token revoke: --id %q is not a token id (token create prints it)", *idFlag)
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("token revoke: unexpected argument %q", fs.Arg(0))
	}
	a, err := e.openApp(ctx, false, true)
	if err != nil {
		return err
	}
	defer a.close()
	revoked, err := a.tokens.Revoke(ctx, tenant, id)
	if err != nil {
		return err
	}
	if !revoked {
		return fmt.Errorf("token revoke: no live token %s in tenant %s", id, tenant)
	}
	return json.NewEncoder(e.stdout).Encode(map[string]any{"revoked": true, "id": id.String()})
}
