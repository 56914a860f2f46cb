// What this module handles: task completions (decision status) and the events that feed the next
// consultation's agenda. Stable subscriber ids: renaming one would orphan pending deliveries.
import Kernel

enum ConsultationsSubscriptions {
    static var all: [Subscription] {
        [
            .on(TaskCompleted.self, id: "consultations.decision-status") { completed, event, tx in
                try ConsultationsService.decisionCompleted(completed, event, tx)
            },
            .on(TaskCreated.self, id: "consultations.decision-task") { created, event, tx in
                try DecisionTasks.created(created, event, tx)
            },
            .on(TaskDueSoon.self, id: "consultations.decision-task-due-soon") { dueSoon, event, tx in
                try DecisionTasks.deadline(dueSoon.line, event, tx)
            },
            .on(TaskOverdue.self, id: "consultations.decision-task-overdue") { overdue, event, tx in
                try DecisionTasks.deadline(overdue.line, event, tx)
            },
            .on(TaskCompleted.self, id: "consultations.agenda-task-completed") { completed, event, tx in
                try AgendaIntake.resolve(subject: AgendaIntake.redTaskSubject(completed.ledgerLineId), event, tx)
            },
            // A withdrawn line is no one's red task any more (a plan revision, plan withdraw, a unit removed); restored, it is again.
            .on(LinesWithdrawn.self, id: "consultations.agenda-lines-withdrawn") { withdrawn, event, tx in
                try AgendaIntake.lineChange(withdrawn.lines, action: "withdrawn", date: withdrawn.withdrawnOn, event, tx)
            },
            .on(LinesRestored.self, id: "consultations.agenda-lines-restored") { restored, event, tx in
                try AgendaIntake.lineChange(restored.lines, action: "restored", date: restored.restoredOn, event, tx)
            },
            .on(TaskOverdue.self, id: "consultations.agenda-task-overdue") { overdue, event, tx in
                let line = overdue.line
                let names = RegistryNames(db: tx.db)
                let who = line.unitKind == "territory" ? try names.territoryName(line.unitId) : try names.unitName(line.unitId)
                try AgendaIntake.record(.redTask, subject: AgendaIntake.redTaskSubject(line.ledgerLineId),
                                        summary: "\(who)\(line.period.map { "（\($0)）" } ?? "")的任务逾期：应于 \(line.due.iso) 完成\(chinese(line.colourReason).map { "；\($0)" } ?? "")",
                                        link: AgendaLinks.ledgerLine(line.ledgerLineId),
                                        territoryID: line.unitKind == "territory" ? line.unitId : nil, unitID: line.unitKind == "territory" ? nil : line.unitId,
                                        event, tx)
            },
            // Only a major hazard goes on the agenda: the others get no delivery at all (issue 23).
            .on(HazardRegistered.self, id: "consultations.agenda-major-hazard", only: isMajor) { registered, event, tx in
                guard isMajor(registered) else { return }
                try majorHazard(registered.hazard, "新增重大隐患 \(registered.hazard.code)", event, tx)
            },
            // A hazard regraded to major is a new major hazard for the consultation, as one registered so.
            .on(HazardRegraded.self, id: "consultations.agenda-regraded-major-hazard", only: isNewlyMajor) { regraded, event, tx in
                guard isNewlyMajor(regraded) else { return }
                try majorHazard(regraded.hazard, "一般隐患 \(regraded.hazard.code) 重新定级为重大隐患", then: "；原因：\(regraded.reason.prefix(60))", event, tx)
            },
            .on(HazardOverdue.self, id: "consultations.agenda-hazard-overdue") { overdue, event, tx in
                let hazard = overdue.hazard
                try AgendaIntake.record(.overdueRectification, subject: "hazard:\(hazard.hazardId)",
                                        summary: "\(hazard.grade == "major" ? "重大" : "一般")隐患 \(hazard.code) 整改逾期 \(overdue.daysOverdue) 天\(overdue.listed ? "（已挂牌督办）" : "")：\(try place(hazard, tx))",
                                        link: AgendaLinks.hazard(hazard.hazardId), territoryID: hazard.territoryId, unitID: hazard.supervisingUnitId, event, tx)
            },
            .on(HazardClosed.self, id: "consultations.agenda-hazard-closed") { closed, event, tx in
                try AgendaIntake.resolve(subject: "hazard:\(closed.hazard.hazardId)", event, tx)
            },
            .on(TipOffOverdue.self, id: "consultations.agenda-tipoff-overdue") { overdue, event, tx in
                let territory = try RegistryNames(db: tx.db).territoryName(overdue.territoryId)
                let received = Instant.parse(overdue.receivedAt).map { CalendarDate($0).iso } ?? overdue.receivedAt
                try AgendaIntake.record(.overdueTipOff, subject: "tipoff:\(overdue.tipOffId)",
                                        summary: "群众举报 \(overdue.tipOffId)\(territory.isEmpty ? "" : "（\(territory)）") \(received) 收到，超期未办理",
                                        link: AgendaLinks.tipOff(overdue.tipOffId), territoryID: overdue.territoryId, event, tx)
            },
            .on(CertificateExpiring.self, id: "consultations.agenda-certificate-expiring") { expiring, event, tx in
                let names = RegistryNames(db: tx.db)
                let enterprise = try names.enterpriseName(expiring.enterpriseId)
                try AgendaIntake.record(.expiringCertificate, subject: "certificate:\(expiring.certificateId)",
                                        summary: "\(try names.personName(expiring.personId))\(enterprise.isEmpty ? "" : "（\(enterprise)）")的\(certificateDue(expiring))，剩 \(expiring.daysLeft) 天",
                                        link: AgendaLinks.certificate(expiring.certificateId), event, tx)
            },
            .on(VisitMissing.self, id: "consultations.agenda-visit-missing") { missing, event, tx in
                let territory = try RegistryNames(db: tx.db).territoryName(missing.territoryId)
                try AgendaIntake.record(.visitMissing, subject: "visit:\(missing.groupId):\(missing.territoryId):\(missing.quarter)",
                                        summary: "督导组（编号 \(missing.groupId)）\(missing.quarter) 未到\(territory.isEmpty ? "属地" : territory)督导",
                                        link: AgendaLinks.supervisionGroup(missing.groupId), territoryID: missing.territoryId, event, tx)
            },
            .on(FindingRecorded.self, id: "consultations.agenda-finding") { finding, event, tx in
                let names = RegistryNames(db: tx.db)
                let whereText = [try names.territoryName(finding.territoryId), try names.enterpriseName(finding.enterpriseId)].filter { !$0.isEmpty }.joined(separator: " ")
                try AgendaIntake.record(.finding, subject: "finding:\(finding.findingId)",
                                        summary: "督导发现问题\(whereText.isEmpty ? "" : "（\(whereText)）")：\(String(finding.text.prefix(80)))\(finding.isHazard ? "（作为\(finding.hazardGrade == "major" ? "重大" : "")隐患交办）" : "")",
                                        link: AgendaLinks.finding(finding.findingId), territoryID: finding.territoryId, unitID: finding.responsibleUnitId, event, tx)
            },
            .on(MeetingMissing.self, id: "consultations.agenda-meeting-missing") { missing, event, tx in
                let key = missing.bodyId.map { "group:\($0)" } ?? "kind:\(missing.kind)"
                // Recorded late for that quarter before this was delivered: nothing to put on the agenda.
                let heldSince = try tx.db.queryOne("""
                    SELECT 1 FROM consultations_meetings m JOIN consultations_meeting_kinds k ON k.id = m.kind_id
                    WHERE k.code = ? AND m.group_id IS ? AND m.quarter = ?
                    """, [missing.kind, missing.bodyId, missing.quarter])
                guard heldSince == nil else { return }
                try AgendaIntake.record(.meetingMissing, subject: "missing:\(key):\(missing.quarter)",
                                        summary: "\(missing.body) \(missing.quarter) 未按要求召开\(try KindStore.find(missing.kind, tx.db)?.name ?? "会议")",
                                        link: AgendaLinks.compliance(missing.quarter), event, tx)
            },
        ]
    }

    /// A regraded hazard that goes on the next consultation's agenda: one that became major.
    @Sendable static func isNewlyMajor(_ regraded: HazardRegraded) -> Bool { regraded.hazard.grade == "major" && regraded.fromGrade != "major" }

    /// A major hazard on the agenda: what happened, where it lies and its sector, then `then`.
    static func majorHazard(_ hazard: HazardFacts, _ what: String, then: String = "", _ event: Event, _ tx: WriteTransaction) throws {
        try AgendaIntake.record(.majorHazard, subject: "hazard:\(hazard.hazardId)",
                                summary: "\(what)：\(try place(hazard, tx))\(hazard.sector.isEmpty ? "" : "，\(hazard.sector)")\(then)",
                                link: AgendaLinks.hazard(hazard.hazardId), territoryID: hazard.territoryId, unitID: hazard.supervisingUnitId, event, tx)
    }

    /// A registered hazard that goes on the next consultation's agenda.
    @Sendable static func isMajor(_ registered: HazardRegistered) -> Bool { registered.hazard.grade == "major" }

    /// What falls due for a certificate, in words: Training's `review` (复审) and `expiry` (有效期满), or a kind named by its name.
    static func certificateDue(_ expiring: CertificateExpiring) -> String {
        switch expiring.kind {
        case "review": return "特种作业操作证 \(expiring.date.iso) 须复审"
        case "expiry": return "证书 \(expiring.date.iso) 有效期满"
        default: return "\(expiring.kind)证书 \(expiring.date.iso) 到期"
        }
    }

    /// Another module's reason, shown only when it is written in Chinese (a person reads the agenda;
    /// an English reason adds nothing to the sentence already given).
    static func chinese(_ text: String) -> String? {
        text.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) ? text : nil
    }

    private static func place(_ hazard: HazardFacts, _ tx: WriteTransaction) throws -> String {
        let names = RegistryNames(db: tx.db)
        return [try names.territoryName(hazard.territoryId), try names.enterpriseName(hazard.enterpriseId)].filter { !$0.isEmpty }.joined(separator: " ")
    }
}
