package tools

import (
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
