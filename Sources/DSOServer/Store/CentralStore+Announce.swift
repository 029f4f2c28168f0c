extension CentralStore {
    /// Tells the other servers of a PostgreSQL store, in the caller's write transaction, that it
    /// wrote changes up to `head` concerning `collectors` (`nil`: everybody, as an import does).
    /// PostgreSQL delivers the notice at commit (``PostgresChangeFeed``), never on a rollback.
    /// On SQLite it does nothing: the only server is this one, which wakes its own long-polls
    /// after the commit (``ChangeSignal``).
    ///
    /// ```sql
    /// SELECT pg_notify('dso_changes', 'head;login,login')   -- PostgreSQL only
    /// ```
    static func announce(head: Int64, collectors: Set<String>?, in session: some SQLSession) throws {
        guard let session = session as? PostgresSession else { return }
        try session.announce(ChangeNotice(head: head, collectors: collectors))
    }
}
