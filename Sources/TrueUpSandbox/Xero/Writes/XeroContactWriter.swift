import Foundation
import TrueUpCore

/// Contacts, as `PUT /Contacts` creates them and as documents name them.
///
/// A contact's `Name` must be unique among active contacts (compared case-insensitively) and its
/// `ContactNumber` (at most 50 characters) unique among all. A document's contact is found by
/// `ContactID` (which must exist), `ContactNumber`, or `Name`; a name Xero does not know makes a
/// new contact, as Xero does.
enum XeroContactWriter {
    enum Resolution {
        case success(JSONObject)
        case failure(String)
    }

    static func write(_ element: JSONObject, store: inout XeroStore, now: Date) -> XeroElementResult {
        var errors: [String] = []
        var existing: JSONObject?
        if let id = element.text("ContactID") {
            existing = store.contacts.record(id)
            if existing == nil { errors.append("The Contact with ContactID '\(id)' could not be found.") }
        }
        let name = (element.text("Name") ?? existing?.text("Name") ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty { errors.append("The contact name must be specified.") }
        if let other = store.activeContact(named: name), other.text("ContactID") != existing?.text("ContactID") {
            errors.append(
                "The contact name \(name) is already assigned to another contact. The contact name must be unique "
                    + "across all active contacts.")
        }
        if let number = element.text("ContactNumber") {
            if number.count > 50 { errors.append("The ContactNumber must be at most 50 characters long.") }
            if store.contacts.records.contains(where: {
                $0.text("ContactNumber") == number && $0.text("ContactID") != existing?.text("ContactID")
            }) {
                errors.append("Another contact has this contact number. Please enter a different contact number.")
            }
        }
        guard errors.isEmpty else {
            var echo = element
            if echo["ContactID"] == nil { echo["ContactID"] = .string(XeroJSON.emptyID) }
            echo["HasValidationErrors"] = .bool(true)
            return .refused(echo: echo, errors: errors)
        }
        var record = existing ?? newContact(name: name, now: now)
        for key in element.keys where key != "ContactID" { record[key] = element[key] }
        record["Name"] = .string(name)
        record["UpdatedDateUTC"] = .string(XeroJSON.date(now))
        store.contacts.upsert(record)
        return .saved(record)
    }

    /// The contact a document names, made when only an unknown name is given. Returns the summary
    /// the document carries (`ContactID`, `Name`).
    static func resolve(_ contact: JSONObject?, store: inout XeroStore, now: Date) -> Resolution {
        guard let contact else { return .failure("A Contact must be specified for this type of transaction") }
        var found: JSONObject?
        if let id = contact.text("ContactID"), id != XeroJSON.emptyID {
            found = store.contacts.record(id)
            guard found != nil else { return .failure("The Contact with ContactID '\(id)' could not be found.") }
        } else if let number = contact.text("ContactNumber"), !number.isEmpty,
            let match = store.contacts.records.first(where: { $0.text("ContactNumber") == number })
        {
            found = match
        } else if let name = contact.text("Name")?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
            if let match = store.activeContact(named: name) {
                found = match
            } else {
                var made = newContact(name: name, now: now)
                if let number = contact.text("ContactNumber") { made["ContactNumber"] = .string(number) }
                if let email = contact.text("EmailAddress") { made["EmailAddress"] = .string(email) }
                store.contacts.upsert(made)
                found = made
            }
        }
        guard let found else { return .failure("A Contact must be specified for this type of transaction") }
        var summary = JSONObject()
        summary["ContactID"] = found["ContactID"]
        summary["Name"] = found["Name"]
        return .success(summary)
    }

    static func newContact(name: String, now: Date) -> JSONObject {
        JSONObject([
            "ContactID": .string(XeroJSON.newID()),
            "ContactStatus": .string("ACTIVE"),
            "Name": .string(name),
            "Addresses": .array([]),
            "Phones": .array([]),
            "UpdatedDateUTC": .string(XeroJSON.date(now)),
            "ContactGroups": .array([]),
            "IsSupplier": .bool(false),
            "IsCustomer": .bool(false),
            "ContactPersons": .array([]),
            "HasAttachments": .bool(false),
            "HasValidationErrors": .bool(false),
        ])
    }
}
