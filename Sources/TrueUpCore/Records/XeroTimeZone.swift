public import Foundation

/// An organisation's timezone as Xero names it: the Windows timezone id in capitals without
/// spaces, dots or hyphens (`NEWZEALANDSTANDARDTIME` for "New Zealand Standard Time", `UTC02` for
/// "UTC-02"), with the IANA zone it stands for when TrueUp knows it.
///
/// The table holds every name in the `TimeZone` enum of Xero's OpenAPI spec (16.1.0), each mapped
/// to the zone CLDR's `windowsZones.xml` gives for its Windows id (territory 001), under its
/// current IANA name.
public struct XeroTimeZone: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The name as Xero sent it: `NEWZEALANDSTANDARDTIME`.
    public let xeroName: String

    public init(xeroName: String) {
        self.xeroName = xeroName
    }

    /// The IANA zone: `Pacific/Auckland`; `nil` for a name not in the table.
    public var ianaName: String? { Self.ianaNames[xeroName.uppercased()] }

    /// The zone business dates are in, or an error saying how to set it by hand.
    public func timeZone() throws(UnknownXeroTimeZone) -> TimeZone {
        guard let ianaName else { throw UnknownXeroTimeZone(xeroName: xeroName, ianaName: nil) }
        guard let zone = TimeZone(identifier: ianaName) else {
            throw UnknownXeroTimeZone(xeroName: xeroName, ianaName: ianaName)
        }
        return zone
    }

    public var description: String { ianaName.map { "\(xeroName) (\($0))" } ?? xeroName }

    /// Xero's name → IANA zone.
    public static let ianaNames: [String: String] = [
        "AFGHANISTANSTANDARDTIME": "Asia/Kabul",
        "ALASKANSTANDARDTIME": "America/Anchorage",
        "ALEUTIANSTANDARDTIME": "America/Adak",
        "ALTAISTANDARDTIME": "Asia/Barnaul",
        "ARABIANSTANDARDTIME": "Asia/Dubai",
        "ARABICSTANDARDTIME": "Asia/Baghdad",
        "ARABSTANDARDTIME": "Asia/Riyadh",
        "ARGENTINASTANDARDTIME": "America/Argentina/Buenos_Aires",
        "ASTRAKHANSTANDARDTIME": "Europe/Astrakhan",
        "ATLANTICSTANDARDTIME": "America/Halifax",
        "AUSCENTRALSTANDARDTIME": "Australia/Darwin",
        "AUSCENTRALWSTANDARDTIME": "Australia/Eucla",
        "AUSEASTERNSTANDARDTIME": "Australia/Sydney",
        "AZERBAIJANSTANDARDTIME": "Asia/Baku",
        "AZORESSTANDARDTIME": "Atlantic/Azores",
        "BAHIASTANDARDTIME": "America/Bahia",
        "BANGLADESHSTANDARDTIME": "Asia/Dhaka",
        "BELARUSSTANDARDTIME": "Europe/Minsk",
        "BOUGAINVILLESTANDARDTIME": "Pacific/Bougainville",
        "CANADACENTRALSTANDARDTIME": "America/Regina",
        "CAPEVERDESTANDARDTIME": "Atlantic/Cape_Verde",
        "CAUCASUSSTANDARDTIME": "Asia/Yerevan",
        "CENAUSTRALIASTANDARDTIME": "Australia/Adelaide",
        "CENTRALAMERICASTANDARDTIME": "America/Guatemala",
        "CENTRALASIASTANDARDTIME": "Asia/Bishkek",
        "CENTRALBRAZILIANSTANDARDTIME": "America/Cuiaba",
        "CENTRALEUROPEANSTANDARDTIME": "Europe/Warsaw",
        "CENTRALEUROPESTANDARDTIME": "Europe/Budapest",
        "CENTRALPACIFICSTANDARDTIME": "Pacific/Guadalcanal",
        "CENTRALSTANDARDTIME": "America/Chicago",
        "CENTRALSTANDARDTIME(MEXICO)": "America/Mexico_City",
        "CHATHAMISLANDSSTANDARDTIME": "Pacific/Chatham",
        "CHINASTANDARDTIME": "Asia/Shanghai",
        "CUBASTANDARDTIME": "America/Havana",
        "DATELINESTANDARDTIME": "Etc/GMT+12",
        "EAFRICASTANDARDTIME": "Africa/Nairobi",
        "EASTERISLANDSTANDARDTIME": "Pacific/Easter",
        "EASTERNSTANDARDTIME": "America/New_York",
        "EASTERNSTANDARDTIME(MEXICO)": "America/Cancun",
        "EAUSTRALIASTANDARDTIME": "Australia/Brisbane",
        "EEUROPESTANDARDTIME": "Europe/Chisinau",
        "EGYPTSTANDARDTIME": "Africa/Cairo",
        "EKATERINBURGSTANDARDTIME": "Asia/Yekaterinburg",
        "ESOUTHAMERICASTANDARDTIME": "America/Sao_Paulo",
        "FIJISTANDARDTIME": "Pacific/Fiji",
        "FLESTANDARDTIME": "Europe/Kyiv",
        "GEORGIANSTANDARDTIME": "Asia/Tbilisi",
        "GMTSTANDARDTIME": "Europe/London",
        "GREENLANDSTANDARDTIME": "America/Nuuk",
        "GREENWICHSTANDARDTIME": "Atlantic/Reykjavik",
        "GTBSTANDARDTIME": "Europe/Bucharest",
        "HAITISTANDARDTIME": "America/Port-au-Prince",
        "HAWAIIANSTANDARDTIME": "Pacific/Honolulu",
        "INDIASTANDARDTIME": "Asia/Kolkata",
        "IRANSTANDARDTIME": "Asia/Tehran",
        "ISRAELSTANDARDTIME": "Asia/Jerusalem",
        "JORDANSTANDARDTIME": "Asia/Amman",
        "KALININGRADSTANDARDTIME": "Europe/Kaliningrad",
        "KAMCHATKASTANDARDTIME": "Asia/Kamchatka",
        "KOREASTANDARDTIME": "Asia/Seoul",
        "LIBYASTANDARDTIME": "Africa/Tripoli",
        "LINEISLANDSSTANDARDTIME": "Pacific/Kiritimati",
        "LORDHOWESTANDARDTIME": "Australia/Lord_Howe",
        "MAGADANSTANDARDTIME": "Asia/Magadan",
        "MAGALLANESSTANDARDTIME": "America/Punta_Arenas",
        "MARQUESASSTANDARDTIME": "Pacific/Marquesas",
        "MAURITIUSSTANDARDTIME": "Indian/Mauritius",
        "MIDATLANTICSTANDARDTIME": "Etc/GMT+2",
        "MIDDLEEASTSTANDARDTIME": "Asia/Beirut",
        "MONTEVIDEOSTANDARDTIME": "America/Montevideo",
        "MOROCCOSTANDARDTIME": "Africa/Casablanca",
        "MOUNTAINSTANDARDTIME": "America/Denver",
        "MOUNTAINSTANDARDTIME(MEXICO)": "America/Mazatlan",
        "MYANMARSTANDARDTIME": "Asia/Yangon",
        "NAMIBIASTANDARDTIME": "Africa/Windhoek",
        "NCENTRALASIASTANDARDTIME": "Asia/Novosibirsk",
        "NEPALSTANDARDTIME": "Asia/Kathmandu",
        "NEWFOUNDLANDSTANDARDTIME": "America/St_Johns",
        "NEWZEALANDSTANDARDTIME": "Pacific/Auckland",
        "NORFOLKSTANDARDTIME": "Pacific/Norfolk",
        "NORTHASIAEASTSTANDARDTIME": "Asia/Irkutsk",
        "NORTHASIASTANDARDTIME": "Asia/Krasnoyarsk",
        "NORTHKOREASTANDARDTIME": "Asia/Pyongyang",
        "OMSKSTANDARDTIME": "Asia/Omsk",
        "PACIFICSASTANDARDTIME": "America/Santiago",
        "PACIFICSTANDARDTIME": "America/Los_Angeles",
        "PACIFICSTANDARDTIME(MEXICO)": "America/Tijuana",
        "PAKISTANSTANDARDTIME": "Asia/Karachi",
        "PARAGUAYSTANDARDTIME": "America/Asuncion",
        "QYZYLORDASTANDARDTIME": "Asia/Qyzylorda",
        "ROMANCESTANDARDTIME": "Europe/Paris",
        "RUSSIANSTANDARDTIME": "Europe/Moscow",
        "RUSSIATIMEZONE10": "Asia/Srednekolymsk",
        "RUSSIATIMEZONE11": "Asia/Kamchatka",
        "RUSSIATIMEZONE3": "Europe/Samara",
        "SAEASTERNSTANDARDTIME": "America/Cayenne",
        "SAINTPIERRESTANDARDTIME": "America/Miquelon",
        "SAKHALINSTANDARDTIME": "Asia/Sakhalin",
        "SAMOASTANDARDTIME": "Pacific/Apia",
        "SAOTOMESTANDARDTIME": "Africa/Sao_Tome",
        "SAPACIFICSTANDARDTIME": "America/Bogota",
        "SARATOVSTANDARDTIME": "Europe/Saratov",
        "SAWESTERNSTANDARDTIME": "America/La_Paz",
        "SEASIASTANDARDTIME": "Asia/Bangkok",
        "SINGAPORESTANDARDTIME": "Asia/Singapore",
        "SOUTHAFRICASTANDARDTIME": "Africa/Johannesburg",
        "SOUTHSUDANSTANDARDTIME": "Africa/Juba",
        "SRILANKASTANDARDTIME": "Asia/Colombo",
        "SUDANSTANDARDTIME": "Africa/Khartoum",
        "SYRIASTANDARDTIME": "Asia/Damascus",
        "TAIPEISTANDARDTIME": "Asia/Taipei",
        "TASMANIASTANDARDTIME": "Australia/Hobart",
        "TOCANTINSSTANDARDTIME": "America/Araguaina",
        "TOKYOSTANDARDTIME": "Asia/Tokyo",
        "TOMSKSTANDARDTIME": "Asia/Tomsk",
        "TONGASTANDARDTIME": "Pacific/Tongatapu",
        "TRANSBAIKALSTANDARDTIME": "Asia/Chita",
        "TURKEYSTANDARDTIME": "Europe/Istanbul",
        "TURKSANDCAICOSSTANDARDTIME": "America/Grand_Turk",
        "ULAANBAATARSTANDARDTIME": "Asia/Ulaanbaatar",
        "USEASTERNSTANDARDTIME": "America/Indiana/Indianapolis",
        "USMOUNTAINSTANDARDTIME": "America/Phoenix",
        "UTC": "Etc/UTC",
        "UTC+12": "Etc/GMT-12",
        "UTC+13": "Etc/GMT-13",
        "UTC02": "Etc/GMT+2",
        "UTC08": "Etc/GMT+8",
        "UTC09": "Etc/GMT+9",
        "UTC11": "Etc/GMT+11",
        "VENEZUELASTANDARDTIME": "America/Caracas",
        "VLADIVOSTOKSTANDARDTIME": "Asia/Vladivostok",
        "VOLGOGRADSTANDARDTIME": "Europe/Volgograd",
        "WAUSTRALIASTANDARDTIME": "Australia/Perth",
        "WCENTRALAFRICASTANDARDTIME": "Africa/Lagos",
        "WESTASIASTANDARDTIME": "Asia/Tashkent",
        "WESTBANKSTANDARDTIME": "Asia/Hebron",
        "WESTPACIFICSTANDARDTIME": "Pacific/Port_Moresby",
        "WEUROPESTANDARDTIME": "Europe/Berlin",
        "WMONGOLIASTANDARDTIME": "Asia/Hovd",
        "YAKUTSKSTANDARDTIME": "Asia/Yakutsk",
    ]
}

/// A Xero timezone TrueUp cannot turn into a zone, so business dates cannot be placed.
public struct UnknownXeroTimeZone: Error, Sendable, Equatable, CustomStringConvertible {
    public let xeroName: String
    /// The IANA name the table gave, when this system's timezone database lacks it.
    public let ianaName: String?

    public var description: String {
        let remedy = "set the pair's timezone to an IANA name such as Pacific/Auckland in its settings"
        if let ianaName {
            return "Xero's timezone \"\(xeroName)\" is \(ianaName), which this system's timezone database does not "
                + "have: install the tzdata package, or \(remedy)"
        }
        return "Xero's timezone \"\(xeroName.prefix(60))\" is not one TrueUp knows (it is not in Xero's "
            + "published list): \(remedy)"
    }
}
