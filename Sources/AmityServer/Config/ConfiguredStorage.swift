import Vapor

extension Application {
    /// What `configure` stored under `key`: the workers, caches and hubs every request shares.
    /// Reading one before `configure` ran is a programming error, and says which.
    func configured<Key: StorageKey>(_ key: Key.Type) -> Key.Value {
        guard let value = storage[key] else { fatalError("configure() sets \(Key.self) before anything reads it") }
        return value
    }
}
