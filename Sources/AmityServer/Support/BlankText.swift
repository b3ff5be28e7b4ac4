extension String {
    /// nil for an empty string, so blank form fields read as absent.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
