#pragma once
// The shared test Orthanc (started by orthanc_fixture.py, see tests/CMakeLists.txt): its ports,
// AE titles, credentials and preloaded instances, and chexview nodes that reach it.

#include "chexview/pacs/PacsNode.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace chexview::test {

struct OrthancServer
{
    int httpPort = 0;
    int dicomPort = 0;
    int movePort = 0; ///< where Orthanc sends C-MOVE sub-operations for CHEXVIEW
    QString aet, callingAet, user, password;
    QJsonObject instances; ///< SOPInstanceUID -> {path, study, patient_id, study_date, ...}
};

/// Reads $CHEXVIEW_ORTHANC_STATE/server.json; aborts when the fixture did not run.
inline OrthancServer orthanc()
{
    QFile f(qEnvironmentVariable("CHEXVIEW_ORTHANC_STATE") + QStringLiteral("/server.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no Orthanc state (the orthanc_start fixture did not run)");
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    OrthancServer s;
    s.httpPort = o.value("http_port").toInt();
    s.dicomPort = o.value("dicom_port").toInt();
    s.movePort = o.value("move_port").toInt();
    s.aet = o.value("aet").toString();
    s.callingAet = o.value("calling_aet").toString();
    s.user = o.value("user").toString();
    s.password = o.value("password").toString();
    s.instances = o.value("instances").toObject();
    return s;
}

/// Its DICOMweb service, HTTP basic with `password` (the right one by default).
inline PacsNode webNode(const QString& password = orthanc().password)
{
    PacsNode n;
    n.setDicomWeb(QStringLiteral("http://127.0.0.1:%1/dicom-web").arg(orthanc().httpPort));
    n.auth = PacsNode::Auth::Basic;
    n.user = orthanc().user;
    n.secret = password;
    return n;
}

/// Its DIMSE service, called from `callingAet` (the registered one by default).
inline PacsNode dimseNode(const QString& callingAet = orthanc().callingAet)
{
    PacsNode n;
    n.setDimse(QStringLiteral("%1@127.0.0.1:%2").arg(orthanc().aet).arg(orthanc().dicomPort));
    n.callingAet = callingAet;
    return n;
}

} // namespace chexview::test
