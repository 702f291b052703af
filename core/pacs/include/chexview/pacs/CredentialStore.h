#pragma once

#include <QString>

#include <functional>
#include <optional>

class QObject;

namespace chexview {

/// Where PACS passwords and bearer tokens live: the system keyring (the freedesktop Secret
/// Service, e.g. gnome-keyring or KWallet, through QtKeychain), never QSettings and never a log.
/// Where no keyring service answers, a secret is kept in this process's memory only, so the user
/// is asked once per session and nothing is written anywhere. QtKeychain's plain-text fallback
/// is never enabled.
///
/// A keyring call is a D-Bus round trip that may take long (an unlock prompt) or never end (a
/// hung service). The asynchronous forms (lookupAsync, storeAsync, removeAsync) start the
/// keyring job and return at once; the answer comes later, through the event loop, when the
/// keyring answers or `timeoutMs` passes, whichever is first. Once a job has timed out and is
/// still pending, later requests do not queue behind it (QtKeychain runs one job at a time):
/// they are answered from session memory at once, saying the keyring is not answering. The
/// blocking forms (lookup, store, remove) are the asynchronous ones waited for on a local event
/// loop: for the command line and tests, never the GUI thread.
///
/// Thread contract: call from a thread with a running Qt event loop (GUI, CLI or a QThread);
/// `context` must live on that thread; `done` runs on it once, never inside the call that
/// started the request, and not at all if `context` is destroyed first (which is always safe:
/// the job finishes on its own). The session memory is process-wide and mutex-guarded.
class CredentialStore
{
public:
    enum class Where
    {
        Keyring,      ///< stored in the system keyring
        SessionMemory ///< no keyring: kept in memory until the process ends
    };
    /// What a request ended with.
    struct Answer
    {
        std::optional<QString> secret; ///< lookup: from the keyring, else session memory
        Where where = Where::Keyring;  ///< store: where the secret went
        QString problem;               ///< why the keyring was not used ("" when it was)
        bool keyringTimedOut = false;  ///< the keyring did not answer in time (or still hangs)
    };
    using Done = std::function<void(const Answer&)>;

    /// `service`: the keyring's service attribute (tests use their own).
    explicit CredentialStore(const QString& service = QStringLiteral("chexview"),
                             int timeoutMs = 10000);

    /// Looks up the secret of `user` on node `nodeName`: the keyring entry, else this session's
    /// memory, else none.
    void lookupAsync(const QString& nodeName, const QString& user, QObject* context,
                     Done done) const;
    /// Stores the secret (at once in session memory, so this session finds it whatever the
    /// keyring does; dropped from there when the keyring confirms). An empty secret removes it.
    void storeAsync(const QString& nodeName, const QString& user, const QString& secret,
                    QObject* context, Done done) const;
    /// Removes the secret from the keyring and from the session memory (the memory at once).
    void removeAsync(const QString& nodeName, const QString& user, QObject* context,
                     Done done) const;

    /// Blocking forms (command line, tests); they set keyringProblem().
    Where store(const QString& nodeName, const QString& user, const QString& secret);
    std::optional<QString> lookup(const QString& nodeName, const QString& user);
    void remove(const QString& nodeName, const QString& user);
    /// Why the last blocking call could not use the keyring ("" when it did).
    QString keyringProblem() const { return m_problem; }
    /// Forgets every secret held in session memory (all services).
    static void clearSessionMemory();

private:
    QString key(const QString& nodeName, const QString& user) const;
    QString memoryKey(const QString& nodeName, const QString& user) const;
    /// Runs `start` (an asynchronous form) on a local event loop until its answer.
    Answer wait(const std::function<void(QObject*, Done)>& start);

    QString m_service;
    int m_timeoutMs;
    QString m_problem;
};

} // namespace chexview
