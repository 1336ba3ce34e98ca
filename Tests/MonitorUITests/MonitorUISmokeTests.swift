import Testing
@testable import MonitorUI

@Suite struct MonitorUISmokeTests {}
