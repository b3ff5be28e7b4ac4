import Foundation

/// What the audit log keeps of knowledge records.
extension AuditRow {
    init(_ practice: PracticeRecord) {
        fields = ["city": "\(practice.cityID)", "title": practice.title, "summary": practice.summary, "body": practice.body,
                  "area": practice.area, "tags": practice.tags, "language": practice.language, "status": practice.status.rawValue,
                  "reason": practice.reason ?? "", "validUntil": practice.validUntil.map { "\($0.timeIntervalSince1970)" } ?? "",
                  "call": practice.callID.map(String.init) ?? "", "selected": "\(practice.callSelected)"]
    }

    init(_ translation: TranslationRecord) {
        fields = ["language": translation.language, "title": translation.title, "summary": translation.summary,
                  "body": translation.body, "origin": translation.origin]
    }

    init(_ call: CallRecord) {
        fields = ["network": call.networkID, "title": call.title, "areas": call.areas, "status": call.status.rawValue,
                  "deadline": "\(call.deadline.timeIntervalSince1970)"]
    }
}
