#pragma once

#include <QList>
#include <QString>
#include <QUrl>

class QSettings;

namespace chexview {

/// One PACS the user configured: a DICOMweb base URL (QIDO-RS, WADO-RS and STOW-RS below it)
/// and/or a DIMSE peer. The secret (password or bearer token) lives only in memory: it is
/// never written to settings (the keyring holds it) and never printed.
/// Thread contract: a plain value.
struct PacsNode
{
    enum class Auth
    {
        None,
        Basic,
        Bearer
    };

    QString name;
    QUrl dicomWebUrl; ///< e.g. http://127.0.0.1:8042/dicom-web
    Auth auth = Auth::None;
    QString user;   ///< Basic only
    QString secret; ///< password or token; memory only

    QString calledAet;               ///< DIMSE peer's AE title
    QString host;                    ///< DIMSE peer's host
    int port = 0;                    ///< DIMSE peer's port
    QString callingAet = "CHEXVIEW"; ///< our AE title (also our storage SCP's, for C-MOVE)
    int storePort = 0;               ///< our storage SCP's port for C-MOVE (0: no C-MOVE)

    bool hasDicomWeb() const { return dicomWebUrl.isValid() && !dicomWebUrl.isEmpty(); }
    bool hasDimse() const { return !calledAet.isEmpty() && !host.isEmpty() && port > 0; }

    /// Parses `AET@HOST:PORT` into calledAet/host/port; throws PacsError(BadArgument).
    void setDimse(const QString& aetAtHostPort);
    /// Accepts only http/https URLs with a host; throws PacsError(BadArgument).
    void setDicomWeb(const QString& url);
    /// Checks an AE title: 1-16 characters of printable ASCII other than backslash.
    static bool isValidAeTitle(const QString& aet);

    /// Nodes stored under "pacs/nodes" (no secrets), and the one named `name` (or a
    /// PacsError(BadArgument) naming the known nodes).
    static QList<PacsNode> loadAll(QSettings& settings);
    static PacsNode load(QSettings& settings, const QString& name);
    static void saveAll(QSettings& settings, const QList<PacsNode>& nodes);
};

} // namespace chexview
