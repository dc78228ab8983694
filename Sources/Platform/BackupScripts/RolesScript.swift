import Components

extension BackupScripts {
    /// `roles.sh`: brings the backup role to exactly what `DatabaseAccess.backupRole` declares.
    static let roles = ShellScript(
        name: "roles.sh",
        summary: [
            "Creates or updates the role the backup jobs connect as, connected as the database owner:",
            "LOGIN and REPLICATION (pg_basebackup), member of the roles it is granted (pg_read_all_data:",
            "pg_dump reads every table) and of no other, no superuser, CREATEDB, CREATEROLE or BYPASSRLS,",
            "and its password set from the file the backup jobs read. Idempotent: run at every deploy",
            "and after changing the password; then checks the result.",
        ],
        usage: "(no arguments)",
        constants: [
            .init("BACKUP_ROLE", DatabaseAccess.backupRole.name),
            .init("BACKUP_ROLE_GRANTS", DatabaseAccess.backupRole.memberOf.joined(separator: ",")),
        ],
        inputs: databaseInputs + [
            .init("BACKUP_ROLE_PASSWORD_FILE", "file holding the backup role's password alone (mounted from a Secret)"),
        ],
        sources: [libraryName],
        body: #"""
(($# == 0)) || { echo "usage: $SCRIPT_NAME (no arguments; configured by the environment)" >&2; exit 2; }
make_work_dir
use_password_file
password="$(cat "$BACKUP_ROLE_PASSWORD_FILE")" || fail "cannot read $BACKUP_ROLE_PASSWORD_FILE"
[[ -n "$password" ]] || fail "$BACKUP_ROLE_PASSWORD_FILE is empty"
role_sql() {
    psql -X -q --no-password -v ON_ERROR_STOP=1 -v role="$BACKUP_ROLE" -v grants="$BACKUP_ROLE_GRANTS" -d postgres "$@"
}
# The password reaches psql on its standard input (\set), never on a command line; in a quoted psql
# argument, backslashes and single quotes are doubled.
password=${password//\\/\\\\}
quote="'"
{
    printf '\\set password %s\n' "$quote${password//$quote/$quote$quote}$quote"
    cat <<'SQL'
SET client_min_messages = warning;
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')
\gexec
ALTER ROLE :"role" WITH LOGIN REPLICATION INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'password';
SELECT format('REVOKE %I FROM %I', g.rolname, :'role')
    FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
    WHERE r.rolname = :'role' AND g.rolname <> ALL (string_to_array(:'grants', ','))
\gexec
SELECT format('GRANT %I TO %I', g, :'role') FROM unnest(string_to_array(:'grants', ',')) g
    WHERE NOT pg_has_role(:'role', g, 'MEMBER')
\gexec
SQL
} | role_sql || fail "could not bring role $BACKUP_ROLE to its declared state (see above)"

state="$(role_sql -At <<'SQL'
SELECT r.rolcanlogin AND r.rolreplication AND NOT (r.rolsuper OR r.rolcreatedb OR r.rolcreaterole OR r.rolbypassrls)
       AND (SELECT coalesce(bool_and(pg_has_role(r.oid, g, 'MEMBER')), true) FROM unnest(string_to_array(:'grants', ',')) g)
       AND (SELECT count(*) FROM pg_auth_members m WHERE m.member = r.oid) = cardinality(string_to_array(:'grants', ','))
    FROM pg_roles r WHERE r.rolname = :'role'
SQL
)"
[[ "$state" == t ]] || fail "role $BACKUP_ROLE is not as declared after the update (check returned \"$state\")"
log "role $BACKUP_ROLE: LOGIN REPLICATION, member of $BACKUP_ROLE_GRANTS only, password set"
"""#)
}
