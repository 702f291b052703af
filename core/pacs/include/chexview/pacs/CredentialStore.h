#pragma once

#include <QString>

#include <optional>

namespace chexview {

/// Where PACS passwords and bearer tokens live: the system keyring (the freedesktop Secret
/// Service, e.g. gnome-keyring or KWallet, through QtKeychain), never QSettings and never a log.
/// Where no keyring service answers, a secret is kept in this process's memory only, so the user
/// is asked once per session and nothing is written anywhere. QtKeychain's plain-text fallback
/// is never enabled.
/// Thread contract: every method blocks on a local event loop (a keyring call is a D-Bus round
/// trip, bounded by `timeoutMs`); call from a thread with a Qt event dispatcher (GUI, CLI or a
/// QThread). The session memory is process-wide and mutex-guarded.
class CredentialStore
{
public:
    enum class Where
    {
        Keyring,      ///< stored in the system keyring
        SessionMemory ///< no keyring: kept in memory until the process ends
    };

    /// `service`: the keyring's service attribute (tests use their own).
    explicit CredentialStore(const QString& service = QStringLiteral("chexview"),
                             int timeoutMs = 10000);

    /// Stores the secret of `user` on node `nodeName`; returns where it went. An empty secret
    /// removes it.
    Where store(const QString& nodeName, const QString& user, const QString& secret);
    /// The keyring entry, else this session's memory, else nothing.
    std::optional<QString> lookup(const QString& nodeName, const QString& user);
    /// Removes the secret from the keyring and from the session memory.
    void remove(const QString& nodeName, const QString& user);
    /// Why the last call could not use the keyring ("" when it did), for the status line.
    QString keyringProblem() const { return m_problem; }
    /// Forgets every secret held in session memory (all services).
    static void clearSessionMemory();

private:
    QString key(const QString& nodeName, const QString& user) const;

    QString m_service;
    int m_timeoutMs;
    QString m_problem;
};

} // namespace chexview
