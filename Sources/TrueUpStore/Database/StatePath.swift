public import Foundation

/// Where the state database lives: `--state`, else `TRUEUP_STATE`, else
/// `$XDG_STATE_HOME/trueup/state.sqlite`, else `~/.local/state/trueup/state.sqlite`.
public enum StatePath {
    public static func resolve(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["TRUEUP_STATE"], !fromEnvironment.isEmpty { return fromEnvironment }
        if let stateHome = environment["XDG_STATE_HOME"], !stateHome.isEmpty {
            return "\(stateHome)/trueup/state.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.local/state/trueup/state.sqlite"
    }
}
