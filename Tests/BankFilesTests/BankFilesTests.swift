import Testing

@testable import BankFiles
