/// Positional values captured with `parsing: .allUnrecognized` (so that `-122.4194` is a value, not an option).
///
/// That parsing strategy also captures the conventional `--` option terminator as a value; users write
/// `pocmap h3 cell --res 8 -- 37.77 -122.42` out of habit, so the first `--` is dropped here.
func positionalValues(_ captured: [String]) -> [String] {
    guard let terminator = captured.firstIndex(of: "--") else { return captured }
    var values = captured
    values.remove(at: terminator)
    return values
}
