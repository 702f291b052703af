#pragma once

#include <dcmtk/dcmnet/dcmlayer.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <set>

namespace chexview {

/// Stops a DIMSE exchange from another thread at once (private to chexview_pacs). DCMTK blocks
/// in poll() on the association's socket for up to its timeout (waiting for an A-ASSOCIATE-AC,
/// a C-ECHO or C-FIND response, a C-GET's next C-STORE); nothing in dcmnet wakes it early. This
/// transport layer hands out plain TCP connections and keeps their sockets; interrupt() shuts
/// them down (shutdown(2), not close: the descriptors stay DCMTK's), so the blocked call returns
/// with a network error, and a connection made after interrupt() is shut down as it is made.
/// The caller then sees interrupted() and reports "cancelled".
/// Thread contract: interrupt() and interrupted() from any thread; the connections are used on
/// their association's thread. It must outlive every network it is installed on.
class DimseInterrupt : public DcmTransportLayer
{
public:
    /// A plain TCP connection whichever layer type the association asks for (DcmSCU can only
    /// install a transport layer as its "secure" one).
    DcmTransportConnection* createConnection(DcmNativeSocketType openSocket,
                                             OFBool useSecureLayer) override;
    void interrupt();
    bool interrupted() const { return m_interrupted.load(); }

    /// For the connections: a socket now open; a socket about to be closed by `close`.
    void attach(DcmNativeSocketType socket);
    void detach(DcmNativeSocketType socket, const std::function<void()>& close);

private:
    std::mutex m_mutex; ///< a socket is shut down only while it is open
    std::set<DcmNativeSocketType> m_sockets;
    std::atomic_bool m_interrupted{false};
};

} // namespace chexview
