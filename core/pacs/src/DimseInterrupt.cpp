#include "DimseInterrupt.h"

#include <dcmtk/dcmnet/dcmtrans.h>

#include <sys/socket.h>

namespace chexview {

namespace {

/// DCMTK's TCP connection, whose socket leaves the interrupt's set before it is closed.
class InterruptibleConnection : public DcmTCPConnection
{
public:
    InterruptibleConnection(DcmNativeSocketType socket, DimseInterrupt& interrupt)
        : DcmTCPConnection(socket), m_interrupt(interrupt)
    {
        m_interrupt.attach(socket);
    }
    ~InterruptibleConnection() override { InterruptibleConnection::closeTransportConnection(); }
    InterruptibleConnection(const InterruptibleConnection&) = delete;
    InterruptibleConnection& operator=(const InterruptibleConnection&) = delete;

    void closeTransportConnection() override
    {
        const DcmNativeSocketType socket = getSocket();
        if (socket == DcmNativeSocketType(-1))
            return;
        m_interrupt.detach(socket, [this] { DcmTCPConnection::closeTransportConnection(); });
    }

private:
    DimseInterrupt& m_interrupt;
};

} // namespace

DcmTransportConnection* DimseInterrupt::createConnection(DcmNativeSocketType openSocket, OFBool)
{
    return new InterruptibleConnection(openSocket, *this);
}

void DimseInterrupt::interrupt()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_interrupted.store(true);
    for (const DcmNativeSocketType socket : m_sockets)
        ::shutdown(int(socket), SHUT_RDWR);
}

void DimseInterrupt::attach(DcmNativeSocketType socket)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_sockets.insert(socket);
    if (m_interrupted.load())
        ::shutdown(int(socket), SHUT_RDWR);
}

void DimseInterrupt::detach(DcmNativeSocketType socket, const std::function<void()>& close)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_sockets.erase(socket);
    close();
}

} // namespace chexview
