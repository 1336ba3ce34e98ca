import Testing
@testable import AssociationEngine

@Suite struct AssociationEngineSmokeTests {}
