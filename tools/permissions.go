package tools

import (
	"context"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/identity"
)

// Permission is what an operation needs: an access level and the least
// role. Tools carry theirs; operations that are not tools (imports, export)
// name one here so that every door decides them the same way.
type Permission struct {
	Name   string
	Access Access
	Role   string
}

// Operations outside the tool list.
var (
	// PermImport replaces a bakery's data wholesale.
	PermImport = Permission{Name: "import", Access: Write, Role: identity.RoleAdmin}
	// PermExport reads all of a bakery's data at once.
	PermExport = Permission{Name: "export", Access: Read, Role: identity.RoleAdmin}
	// PermTokens is managing one's own API tokens (and web sessions).
	PermTokens = Permission{Name: "manage your API tokens", Access: Write, Role: identity.RoleMember}
	// PermTokensAll is seeing every API token of the tenant, and with
	// PermTokens revoking any of them. Seeing is a read: a read-only admin
	// token lists them all.
	PermTokensAll = Permission{Name: "other members' API tokens", Access: Read, Role: identity.RoleAdmin}
	// PermSecurityEvents is reading the tenant's security events.
	PermSecurityEvents = Permission{Name: "security events", Access: Read, Role: identity.RoleOwner}

	// PermMembersRead lists a household's members.
	PermMembersRead = Permission{Name: "listing members", Access: Read, Role: identity.RoleAdmin}
	// PermMembers changes members' roles and removes members.
	PermMembers = Permission{Name: "managing members", Access: Write, Role: identity.RoleAdmin}
	// PermOwners makes, demotes, removes or invites owners.
	PermOwners = Permission{Name: "changing owners", Access: Write, Role: identity.RoleOwner}
	// PermInvitationsRead lists invitations.
	PermInvitationsRead = Permission{Name: "listing invitations", Access: Read, Role: identity.RoleAdmin}
	// PermInvite creates and revokes invitations.
	PermInvite = Permission{Name: "inviting", Access: Write, Role: identity.RoleAdmin}
	// PermTenantDelete deletes the household and all its data.
	PermTenantDelete = Permission{Name: "deleting the household", Access: Write, Role: identity.RoleOwner}
)

// Authorize decides whether id may perform p (403 naming the role needed).
func Authorize(id identity.Identity, p Permission) *Error { return authorize(id, p) }

// OnDenied sets fn to be told of every refusal Registry.Call makes (role
// or read-only), so that denials become security events on every door.
func (t *Tools) OnDenied(fn func(ctx context.Context, id identity.Identity, p Permission, e *Error)) {
	t.denied = fn
}

// authorizeCall is authorize for a tool call, reporting a refusal.
func (t *Tools) authorizeCall(ctx context.Context, id identity.Identity, p Permission) *Error {
	e := authorize(id, p)
	if e != nil && e.Code == "forbidden" && t.denied != nil {
		t.denied(ctx, id, p, e)
	}
	return e
}

var roleRank = map[string]int{identity.RoleMember: 1, identity.RoleAdmin: 2, identity.RoleOwner: 3}

func authorize(id identity.Identity, p Permission) *Error {
	if id.TenantID == uuid.Nil {
		return Unauthorized("no identity: authenticate with an API token")
	}
	if p.Access != Read && id.ReadOnly {
		return Forbidden("this token is read-only; %s changes data", p.Name)
	}
	need := p.Role
	if need == "" {
		need = identity.RoleMember
	}
	if roleRank[id.Role] < roleRank[need] {
		return Forbidden("%s needs the %s role or higher; you are %s", p.Name, need, orWord(id.Role, "no member"))
	}
	return nil
}
