#include "chexview/pacs/CredentialStore.h"

#include <QEventLoop>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <atomic>
#include <memory>
#include <mutex>

namespace chexview {

namespace {

std::mutex g_memoryMutex;
QHash<QString, QString>& sessionMemory()
{
    static QHash<QString, QString> memory;
    return memory;
}

/// Keyring jobs that timed out and have not finished yet. QtKeychain runs one job at a time, so
/// while one hangs every later job would wait behind it: they are not started.
std::atomic_int g_hungJobs{0};

std::optional<QString> fromMemory(const QString& memoryKey)
{
    std::lock_guard<std::mutex> lock(g_memoryMutex);
    const auto it = sessionMemory().constFind(memoryKey);
    if (it != sessionMemory().constEnd())
        return it.value();
    return std::nullopt;
}

struct Outcome
{
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QString text;
    bool timedOut = false;
};

using Finish = std::function<void(const Outcome&)>;

/// Starts `job`; `finish` runs once, on this thread: when the job finishes or when `timeoutMs`
/// has passed, whichever is first (at once when an earlier job still hangs). A job that timed
/// out stays alive until it does finish (QtKeychain's D-Bus callbacks point at it), then
/// deletes itself, so a late answer never touches freed memory.
void runJob(QKeychain::Job* job, int timeoutMs, const Finish& finish)
{
    if (g_hungJobs.load() > 0) {
        delete job; // never started: nothing refers to it
        Outcome o;
        o.error = QKeychain::OtherError;
        o.errorString = QStringLiteral("the keyring has not answered an earlier request");
        o.timedOut = true;
        finish(o);
        return;
    }
    struct State
    {
        bool answered = false;
        bool timedOut = false;
    };
    auto state = std::make_shared<State>();
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text copy in QSettings
    QObject::connect(job, &QKeychain::Job::finished, job, [state, finish](QKeychain::Job* j) {
        if (state->timedOut) { // nobody waits for it any more
            --g_hungJobs;
            return;
        }
        state->answered = true;
        Outcome o;
        o.error = j->error();
        o.errorString = j->errorString();
        if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(j))
            o.text = read->textData();
        finish(o);
    });
    QTimer::singleShot(timeoutMs, job, [state, finish, timeoutMs] {
        if (state->answered)
            return;
        state->timedOut = true;
        ++g_hungJobs;
        Outcome o;
        o.error = QKeychain::OtherError;
        o.errorString =
            QStringLiteral("the keyring did not answer within %1 s").arg(timeoutMs / 1000.0);
        o.timedOut = true;
        finish(o);
    });
    job->start(); // queued: the job begins once this thread's event loop runs
}

/// Hands `answer` to `done` through `context`'s event queue (dropped with the context).
void deliver(const QPointer<QObject>& context, const CredentialStore::Done& done,
             const CredentialStore::Answer& answer)
{
    if (!context || !done)
        return;
    QMetaObject::invokeMethod(
        context.data(), [done, answer] { done(answer); }, Qt::QueuedConnection);
}

bool backendMissing(QKeychain::Error e)
{
    return e != QKeychain::NoError && e != QKeychain::EntryNotFound;
}

} // namespace

CredentialStore::CredentialStore(const QString& service, int timeoutMs)
    : m_service(service), m_timeoutMs(timeoutMs)
{
}

QString CredentialStore::key(const QString& nodeName, const QString& user) const
{
    return QStringLiteral("pacs/%1/%2").arg(nodeName, user);
}

QString CredentialStore::memoryKey(const QString& nodeName, const QString& user) const
{
    return m_service + QLatin1Char('\n') + key(nodeName, user);
}

void CredentialStore::lookupAsync(const QString& nodeName, const QString& user, QObject* context,
                                  Done done) const
{
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key(nodeName, user));
    runJob(job, m_timeoutMs,
           [memory = memoryKey(nodeName, user), ctx = QPointer<QObject>(context),
            done = std::move(done)](const Outcome& o) {
               Answer a;
               a.keyringTimedOut = o.timedOut;
               if (backendMissing(o.error))
                   a.problem = QStringLiteral("no system keyring (%1)").arg(o.errorString);
               a.secret = o.error == QKeychain::NoError ? std::optional<QString>(o.text)
                                                        : fromMemory(memory);
               deliver(ctx, done, a);
           });
}

void CredentialStore::storeAsync(const QString& nodeName, const QString& user,
                                 const QString& secret, QObject* context, Done done) const
{
    if (secret.isEmpty())
        return removeAsync(nodeName, user, context, std::move(done));
    const QString memory = memoryKey(nodeName, user);
    {
        std::lock_guard<std::mutex> lock(g_memoryMutex);
        sessionMemory().insert(memory, secret);
    }
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key(nodeName, user));
    job->setTextData(secret);
    runJob(job, m_timeoutMs,
           [memory, secret, ctx = QPointer<QObject>(context),
            done = std::move(done)](const Outcome& o) {
               Answer a;
               a.keyringTimedOut = o.timedOut;
               if (o.error == QKeychain::NoError) {
                   std::lock_guard<std::mutex> lock(g_memoryMutex);
                   if (sessionMemory().value(memory) == secret) // not a newer one
                       sessionMemory().remove(memory);
               } else {
                   a.where = Where::SessionMemory;
                   a.problem = QStringLiteral("no system keyring (%1): the secret is kept in "
                                              "memory for this session only")
                                   .arg(o.errorString);
               }
               deliver(ctx, done, a);
           });
}

void CredentialStore::removeAsync(const QString& nodeName, const QString& user, QObject* context,
                                  Done done) const
{
    {
        std::lock_guard<std::mutex> lock(g_memoryMutex);
        sessionMemory().remove(memoryKey(nodeName, user));
    }
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key(nodeName, user));
    runJob(job, m_timeoutMs,
           [ctx = QPointer<QObject>(context), done = std::move(done)](const Outcome& o) {
               Answer a;
               a.keyringTimedOut = o.timedOut;
               if (backendMissing(o.error) && o.error != QKeychain::CouldNotDeleteEntry)
                   a.problem = QStringLiteral("no system keyring (%1)").arg(o.errorString);
               deliver(ctx, done, a);
           });
}

CredentialStore::Answer CredentialStore::wait(const std::function<void(QObject*, Done)>& start)
{
    QEventLoop loop;
    std::optional<Answer> answer;
    start(&loop, [&answer, &loop](const Answer& a) {
        answer = a;
        loop.quit();
    });
    if (!answer) // always comes: from the keyring, or the timeout
        loop.exec();
    m_problem = answer->problem;
    return *answer;
}

CredentialStore::Where CredentialStore::store(const QString& nodeName, const QString& user,
                                              const QString& secret)
{
    return wait([&](QObject* context, Done done) {
               storeAsync(nodeName, user, secret, context, std::move(done));
           })
        .where;
}

std::optional<QString> CredentialStore::lookup(const QString& nodeName, const QString& user)
{
    return wait([&](QObject* context, Done done) {
               lookupAsync(nodeName, user, context, std::move(done));
           })
        .secret;
}

void CredentialStore::remove(const QString& nodeName, const QString& user)
{
    wait([&](QObject* context, Done done) {
        removeAsync(nodeName, user, context, std::move(done));
    });
}

void CredentialStore::clearSessionMemory()
{
    std::lock_guard<std::mutex> lock(g_memoryMutex);
    sessionMemory().clear();
}

} // namespace chexview
