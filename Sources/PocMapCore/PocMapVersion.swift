/// The version of pocmap, recorded in every output's metadata.
public enum PocMapVersion {
    /// The semantic version of this build of pocmap.
    public static let string = "0.1.0"

    /// The H3 version whose arithmetic pocmap's grid reproduces bit for bit.
    public static let h3Reference = "4.5.0"
}
