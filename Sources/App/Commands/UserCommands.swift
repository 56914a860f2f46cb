// `anwei users add|list|disable|enable|passwd` and `anwei tokens create|list|revoke`.
import CLI
import Foundation
import Kernel

enum UserCommands {
    static func users(_ session: Session) -> Command {
        let env = session.environment
        return Command("users", summary: "user accounts: roles (admin, office, unit, town, inspector, enterprise), scopes and rights", subcommands: [
            Command("add", summary: "add a user",
                    discussion: "Roles and their scopes: admin (系统管理员) → all; office (区安委办) → all; unit → unit:ID; town → territory:ID; inspector → group:ID; enterprise → enterprise:ID. A right (--grants) is given only by one who holds it. The password is read from --password or, with --password-stdin, from standard input.",
                    examples: ["anwei users add --username fgj --role unit --scope unit:4 --password-stdin < pw.txt", "anwei users add --username ops --role admin --scope all --password 'a long passphrase'"],
                    options: AccessContracts.newUser.options + [.flag("password-stdin", help: "read the password from standard input")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    var values = try AccessContracts.newUser.values(invocation, nil)
                    if invocation.flag("password-stdin") {
                        let typed = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .newlines)
                        values.set("password", .text(typed))
                    }
                    let user = try core.write(actor) { tx in try AccessContracts.addUser(values, core: core, tx) }
                    Render.done("added user \(Render.cell(user["username"])) (\(Render.cell(user["role"])), \(Render.cell(user["scope"])))", user, invocation)
                }
            },
            Command("update", summary: "change a user's display name, role, scope or rights (--grants replaces the list; '' takes them all away)",
                    examples: ["anwei users update dongcheng --grants tipoffs.contact.read", "anwei users update fgj --role unit --scope unit:7"],
                    options: AccessContracts.userChange.options, arguments: [ArgumentSpec("user", help: "username or id")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let values = try AccessContracts.userChange.values(invocation, nil)
                    let user = try core.write(actor) { tx in try AccessContracts.updateUser(invocation.argument("user") ?? "", values, core: core, tx) }
                    Render.done("changed user \(Render.cell(user["username"])) (\(Render.cell(user["role"])), \(Render.cell(user["scope"])))", user, invocation)
                }
            },
            Command("list", summary: "list users (a page of 50 by default; --csv exports every row)", examples: ["anwei users list --json"],
                    options: Paging.contract.options) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    try Session.requireSystem(try env.actor(invocation, core), "lists users")
                    let paging = try Paging.read(invocation)
                    let page = try core.read { db -> Page in
                        let accounts = Accounts(core: core)
                        if invocation.format == .csv { return Page(items: try accounts.listUsers(db), next: nil) }
                        return try accounts.listUsers(after: try paging.afterID(), limit: paging.limit, db)
                    }
                    Render.list(page.items, columns: ["id", "username", "display_name", "role", "scope", "disabled"], invocation)
                    Render.nextPage(page.next, invocation)
                }
            },
            toggle("disable", true, env), toggle("enable", false, env),
            Command("passwd", summary: "set a user's password (read from standard input)", examples: ["printf 'new passphrase here' | anwei users passwd fgj"],
                    arguments: [ArgumentSpec("user", help: "username or id")]) { invocation in
                try withDomainErrors {
                    let password = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .newlines)
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let ended = try core.write(actor) { tx in try Accounts(core: core).setPassword(invocation.argument("user") ?? "", password, tx) }
                    invocation.output.line("password changed for \(invocation.argument("user") ?? ""); \(ended) session(s) and token(s) ended")
                }
            },
        ])
    }

    static func toggle(_ verb: String, _ disabled: Bool, _ env: CommandEnvironment) -> Command {
        Command(verb, summary: disabled ? "disable a user (their tokens stop working)" : "enable a disabled user (and unlock it)",
                examples: ["anwei users \(verb) fgj"], arguments: [ArgumentSpec("user", help: "username or id")]) { invocation in
            try withDomainErrors {
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                let user = try core.write(actor) { tx in try Accounts(core: core).setDisabled(invocation.argument("user") ?? "", disabled, tx) }
                Render.done("\(verb)d user \(invocation.argument("user") ?? "")", user, invocation)
            }
        }
    }

    static func tokens(_ session: Session) -> Command {
        let env = session.environment
        return Command("tokens", summary: "API tokens: 256 random bits, shown once, stored only as SHA-256", subcommands: [
            Command("create", summary: "create a token for a user (printed once)",
                    examples: ["anwei tokens create --user fgj --label 'integration with the city platform' --days 90"],
                    options: [.value("user", "USER", help: "username or id [required]"), .value("label", "TEXT", help: "what it is for"),
                              .value("days", "N", help: "lifetime in days (default 30)")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    guard actor.isAdmin else { throw DomainError.forbidden("只有系统管理员可以在命令行创建令牌 (only the system administrator creates tokens from the CLI)") }
                    let days = try invocation.int("days")
                    if let days, !(1...3650).contains(days) { throw CommandError.usage("选项 --days 须为 1 到 3650 之间的整数，收到 \(days) (--days must be from 1 to 3650)") }
                    let (token, record) = try core.write(actor) { tx -> (String, JSON) in
                        let user = try Accounts(core: core).findUser(try invocation.require("user"), tx.db)
                        if user.int("id") != actor.userID { try Accounts(core: core).requireHoldsRights(of: user, actor, "create a token for") }
                        return try Accounts(core: core).createToken(for: user.requiredInt("id"), label: invocation.value("label") ?? "cli",
                                                                    lifetime: days.map { Double($0) * 86_400 }, tx)
                    }
                    if invocation.format == .json {
                        invocation.output.line(JSON.object(["token": .string(token), "record": record]).pretty)
                    } else {
                        invocation.output.line(token)
                        invocation.output.error("token \(Render.cell(record["id"])) for \(Render.cell(record["username"])) expires \(Render.cell(record["expires_at"])); it is shown only now")
                    }
                }
            },
            Command("list", summary: "list tokens (never their secret; as another user: only their own)", options: [.value("user", "USER", help: "only this user's")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let tokens = try core.read { db -> [JSON] in
                        let accounts = Accounts(core: core)
                        var userID = try invocation.value("user").map { try accounts.findUser($0, db).requiredInt("id") }
                        if !actor.isAdmin {
                            // Others see their own tokens only, as over HTTP.
                            if let named = userID, named != actor.userID { throw DomainError.forbidden("只有系统管理员可以查看其他用户的令牌 (only the system administrator lists other users' tokens)") }
                            userID = actor.userID ?? -1
                        }
                        return try accounts.listTokens(userID: userID, db)
                    }
                    Render.list(tokens, columns: ["id", "username", "label", "expires_at", "revoked_at"], invocation)
                }
            },
            Command("revoke", summary: "revoke a token by id", examples: ["anwei tokens revoke 3"], arguments: [ArgumentSpec("id", help: "the token's id")]) { invocation in
                try withDomainErrors {
                    let idText = invocation.argument("id") ?? ""
                    guard let id = Int64(idText) else { throw CommandError.usage("令牌编号须为数字，收到 '\(idText.prefix(40))' (the token id must be a number)") }
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let record = try core.write(actor) { tx in try Accounts(core: core).revokeToken(id: id, tx) }
                    Render.done("revoked token \(id)", record, invocation)
                }
            },
        ])
    }
}
