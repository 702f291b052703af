// A PACS that hangs, for the cancellation tests: a TCP server on 127.0.0.1 that accepts every
// connection and then says nothing (Stage::Connection), or, for DIMSE, first accepts the
// association with a hand-made A-ASSOCIATE-AC and then never answers a request
// (Stage::Response). Runs on the thread that creates it (its event loop must run).
#pragma once

#include <QByteArray>
#include <QTcpServer>
#include <QTcpSocket>

#include <map>

class SilentPeer
{
public:
    enum class Stage
    {
        Connection, ///< accepts TCP, never a byte back
        Response    ///< accepts the DICOM association, never answers a DIMSE request
    };

    explicit SilentPeer(Stage stage) : m_stage(stage)
    {
        m_server.listen(QHostAddress::LocalHost);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                ++m_connections;
                QObject::connect(socket, &QTcpSocket::disconnected, socket, [this] { ++m_closed; });
                if (m_stage == Stage::Response)
                    QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                     [this, socket] { answerAssociation(socket); });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    int connections() const { return m_connections; }
    int associationsAccepted() const { return m_accepted; }
    /// Connections the client has closed (an abort shuts its socket).
    int closedByClient() const { return m_closed; }

private:
    static QByteArray be(quint32 value, int bytes)
    {
        QByteArray b;
        for (int i = bytes - 1; i >= 0; --i)
            b.append(char((value >> (8 * i)) & 0xff));
        return b;
    }
    static QByteArray item(quint8 type, const QByteArray& data)
    {
        return QByteArray(1, char(type)) + QByteArray(1, '\0') + be(quint32(data.size()), 2) + data;
    }
    /// Accepts every proposed presentation context in Explicit VR Little Endian (DimseClient
    /// proposes it in every context of a C-ECHO or C-FIND association).
    void answerAssociation(QTcpSocket* socket)
    {
        QByteArray& rq = m_pending[socket];
        rq += socket->readAll();
        if (rq.size() < 6 || quint8(rq[0]) != 0x01)
            return; // not (yet) an A-ASSOCIATE-RQ; after the AC, requests go unanswered
        const quint32 length = (quint32(quint8(rq[2])) << 24) | (quint32(quint8(rq[3])) << 16) |
                               (quint32(quint8(rq[4])) << 8) | quint32(quint8(rq[5]));
        if (quint32(rq.size()) < 6 + length || rq.size() < 74)
            return;
        QByteArray body = be(1, 2) + be(0, 2) + rq.mid(10, 32) + QByteArray(32, '\0');
        body += item(0x10, "1.2.840.10008.3.1.1.1"); // DICOM application context
        for (int pos = 74; pos + 4 <= int(6 + length);) {
            const int len = (quint8(rq[pos + 2]) << 8) | quint8(rq[pos + 3]);
            if (quint8(rq[pos]) == 0x20) { // presentation context: id, accepted, one syntax
                const QByteArray head = QByteArray(1, rq[pos + 4]) + QByteArray(3, '\0');
                body += item(0x21, head + item(0x40, "1.2.840.10008.1.2.1"));
            }
            pos += 4 + len;
        }
        body += item(0x50, item(0x51, be(16384, 4)) + item(0x52, "1.2.826.0.1.3680043.9.7"));
        socket->write(QByteArray(1, 0x02) + QByteArray(1, '\0') + be(quint32(body.size()), 4) +
                      body);
        rq.clear();
        rq = QByteArray(1, '\xff'); // answered: whatever comes next is ignored
        ++m_accepted;
    }

    Stage m_stage;
    QTcpServer m_server;
    std::map<QTcpSocket*, QByteArray> m_pending;
    int m_connections = 0;
    int m_accepted = 0;
    int m_closed = 0;
};
