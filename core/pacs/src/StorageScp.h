#pragma once

#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsNode.h"

#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace chexview {

/// chexview's own C-STORE SCP for C-MOVE (private to chexview_pacs): listens on `port` as
/// `aeTitle` on its own thread, accepts associations only from the PACS's AE title, with every
/// storage transfer syntax chexview decodes, and receives each object bit-preserving into a
/// `.part` file of the cache that is then checked and adopted like any received file.
/// Thread contract: start()/stop() and the accessors on the owning thread; `onInstance` is
/// called on the SCP's thread (serialized).
class StorageScp
{
public:
    using InstanceReceived = std::function<void(const CachedInstance&)>;

    StorageScp(InstanceCache& cache, const QString& aeTitle, int port, const QString& peerAeTitle,
               int timeoutSeconds, InstanceReceived onInstance,
               const std::atomic_bool* cancel = nullptr);
    ~StorageScp();
    StorageScp(const StorageScp&) = delete;
    StorageScp& operator=(const StorageScp&) = delete;

    /// Opens the port (throws PacsError(Storage) if it cannot) and starts accepting.
    void start();
    /// Stops accepting once no association is active (or after `graceSeconds`), joins the thread.
    void stop(int graceSeconds = 5);
    int received() const { return m_received.load(); }
    /// SOP Instance UIDs received and kept.
    QStringList receivedUids() const;
    QStringList problems() const;
    /// An association from the PACS ended by abort or a network failure, not a release.
    bool interrupted() const { return m_interrupted.load(); }

private:
    class Scp;
    friend class Scp;

    InstanceCache& m_cache;
    QString m_aeTitle, m_peerAeTitle;
    int m_port, m_timeoutSeconds;
    InstanceReceived m_onInstance;
    const std::atomic_bool* m_cancel; ///< set: incoming objects are refused (association aborted)
    std::unique_ptr<Scp> m_scp;
    std::thread m_thread;
    std::atomic_bool m_stop{false}, m_interrupted{false}, m_active{false};
    std::atomic_int m_received{0};
    mutable std::mutex m_mutex;
    QStringList m_uids, m_problems;
};

} // namespace chexview
