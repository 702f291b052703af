#include "chexview/pacs/CredentialStore.h"

#include <QEventLoop>
#include <QHash>
#include <QTimer>

#include <qt6keychain/keychain.h>

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

struct Outcome
{
    bool finished = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QString text;
};

/// Runs a keychain job to completion or timeout. The job deletes itself when it finishes (also
/// after a timeout), so a late D-Bus answer never touches freed memory.
std::shared_ptr<Outcome> runJob(QKeychain::Job* job, int timeoutMs)
{
    auto outcome = std::make_shared<Outcome>();
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text copy in QSettings
    QEventLoop loop;
    QObject::connect(job, &QKeychain::Job::finished, job, [outcome](QKeychain::Job* j) {
        outcome->finished = true;
        outcome->error = j->error();
        outcome->errorString = j->errorString();
        if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(j))
            outcome->text = read->textData();
    });
    QObject::connect(job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job->start();
    if (!outcome->finished)
        loop.exec();
    if (!outcome->finished) {
        outcome->error = QKeychain::OtherError;
        outcome->errorString =
            QStringLiteral("the keyring did not answer within %1 s").arg(timeoutMs / 1000.0);
    }
    return outcome;
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

CredentialStore::Where CredentialStore::store(const QString& nodeName, const QString& user,
                                              const QString& secret)
{
    if (secret.isEmpty()) {
        remove(nodeName, user);
        return Where::Keyring;
    }
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key(nodeName, user));
    job->setTextData(secret);
    const auto outcome = runJob(job, m_timeoutMs);
    std::lock_guard<std::mutex> lock(g_memoryMutex);
    if (outcome->error == QKeychain::NoError) {
        m_problem.clear();
        sessionMemory().remove(m_service + QLatin1Char('\n') + key(nodeName, user));
        return Where::Keyring;
    }
    m_problem = QStringLiteral("no system keyring (%1): the secret is kept in memory for this "
                               "session only")
                    .arg(outcome->errorString);
    sessionMemory().insert(m_service + QLatin1Char('\n') + key(nodeName, user), secret);
    return Where::SessionMemory;
}

std::optional<QString> CredentialStore::lookup(const QString& nodeName, const QString& user)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key(nodeName, user));
    const auto outcome = runJob(job, m_timeoutMs);
    m_problem = backendMissing(outcome->error)
                    ? QStringLiteral("no system keyring (%1)").arg(outcome->errorString)
                    : QString();
    if (outcome->error == QKeychain::NoError)
        return outcome->text;
    std::lock_guard<std::mutex> lock(g_memoryMutex);
    const auto it = sessionMemory().constFind(m_service + QLatin1Char('\n') + key(nodeName, user));
    if (it != sessionMemory().constEnd())
        return it.value();
    return std::nullopt;
}

void CredentialStore::remove(const QString& nodeName, const QString& user)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key(nodeName, user));
    const auto outcome = runJob(job, m_timeoutMs);
    m_problem = backendMissing(outcome->error) && outcome->error != QKeychain::CouldNotDeleteEntry
                    ? QStringLiteral("no system keyring (%1)").arg(outcome->errorString)
                    : QString();
    std::lock_guard<std::mutex> lock(g_memoryMutex);
    sessionMemory().remove(m_service + QLatin1Char('\n') + key(nodeName, user));
}

void CredentialStore::clearSessionMemory()
{
    std::lock_guard<std::mutex> lock(g_memoryMutex);
    sessionMemory().clear();
}

} // namespace chexview
