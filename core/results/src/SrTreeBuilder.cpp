#include "SrTreeBuilder.h"

#include <dcmtk/dcmsr/dsrimgvl.h>
#include <dcmtk/dcmsr/dsrnumvl.h>
#include <dcmtk/dcmsr/dsrscovl.h>

#include <stdexcept>

namespace chexview {

OFString SrTreeBuilder::latin1(const QString& s)
{
    return OFString(s.toLatin1().constData());
}

OFString SrTreeBuilder::utf8(const QString& s)
{
    return OFString(s.toUtf8().constData());
}

DSRCodedEntryValue SrTreeBuilder::coded(const CodedConcept& c)
{
    return DSRCodedEntryValue(latin1(c.value), latin1(c.scheme), utf8(c.meaning));
}

void SrTreeBuilder::check(const OFCondition& cond, const CodedConcept& concept)
{
    if (cond.bad())
        throw std::runtime_error("SR: " + concept.meaning.toStdString() + ": " + cond.text());
}

void SrTreeBuilder::add(Rel rel, DSRTypes::E_ValueType type, const CodedConcept& concept, Mode mode)
{
    if (m_tree.addContentItem(rel, type, mode) == 0)
        throw std::runtime_error("SR: DCMTK refused a content item for " +
                                 concept.meaning.toStdString());
    check(m_tree.getCurrentContentItem().setConceptName(coded(concept)), concept);
}

void SrTreeBuilder::text(Rel rel, const CodedConcept& concept, const QString& value, Mode mode)
{
    add(rel, DSRTypes::VT_Text, concept, mode);
    check(m_tree.getCurrentContentItem().setStringValue(utf8(value)), concept);
}

void SrTreeBuilder::uid(Rel rel, const CodedConcept& concept, const QString& value, Mode mode)
{
    add(rel, DSRTypes::VT_UIDRef, concept, mode);
    check(m_tree.getCurrentContentItem().setStringValue(latin1(value)), concept);
}

void SrTreeBuilder::code(Rel rel, const CodedConcept& concept, const CodedConcept& value, Mode mode)
{
    add(rel, DSRTypes::VT_Code, concept, mode);
    check(m_tree.getCurrentContentItem().setCodeValue(coded(value)), concept);
}

void SrTreeBuilder::num(const CodedConcept& concept, double value, const CodedConcept& unit,
                        Mode mode)
{
    add(DSRTypes::RT_contains, DSRTypes::VT_Num, concept, mode);
    const DSRNumericMeasurementValue measured(latin1(QString::number(value, 'g', 9)), coded(unit));
    check(m_tree.getCurrentContentItem().setNumericValue(measured), concept);
}

void SrTreeBuilder::container(Rel rel, const CodedConcept& concept, Mode mode)
{
    add(rel, DSRTypes::VT_Container, concept, mode);
}

void SrTreeBuilder::image(Rel rel, const QString& sopClassUid, const QString& sopInstanceUid,
                          Mode mode)
{
    if (m_tree.addContentItem(rel, DSRTypes::VT_Image, mode) == 0)
        throw std::runtime_error("SR: DCMTK refused an IMAGE item");
    // Unchecked: the reference names the image by the UIDs it has, also where they break the
    // UID syntax (real files do; the reader would find nothing by a corrected one).
    check(
        m_tree.getCurrentContentItem().setImageReference(
            DSRImageReferenceValue(latin1(sopClassUid), latin1(sopInstanceUid), OFFalse), OFFalse),
        {QStringLiteral("image"), QStringLiteral("-"), QStringLiteral("IMAGE reference")});
}

void SrTreeBuilder::scoord(Rel rel, const QString& graphicType, const QList<QPointF>& points,
                           const QString& sopClassUid, const QString& sopInstanceUid, Mode mode)
{
    const CodedConcept what{QStringLiteral("scoord"), QStringLiteral("-"),
                            QStringLiteral("SCOORD ") + graphicType};
    DSRTypes::E_GraphicType type = DSRTypes::GT_Polyline;
    QList<QPointF> data = points;
    if (graphicType == QLatin1String("ELLIPSE"))
        type = DSRTypes::GT_Ellipse;
    else if (graphicType == QLatin1String("POINT"))
        type = DSRTypes::GT_Point;
    else if (graphicType == QLatin1String("CIRCLE"))
        type = DSRTypes::GT_Circle;
    else if (graphicType == QLatin1String("POLYGON") && !data.isEmpty() &&
             data.first() != data.last())
        data << data.first(); // closed: the first point again
    else if (graphicType != QLatin1String("POLYLINE") && graphicType != QLatin1String("POLYGON"))
        throw std::runtime_error("SR: unknown graphic type " + graphicType.toStdString());
    if (m_tree.addContentItem(rel, DSRTypes::VT_SCoord, mode) == 0)
        throw std::runtime_error("SR: DCMTK refused a SCOORD item");
    DSRSpatialCoordinatesValue value(type);
    for (const QPointF& p : data)
        value.getGraphicDataList().addItem(Float32(p.x()), Float32(p.y()));
    check(m_tree.getCurrentContentItem().setSpatialCoordinates(value), what);
    image(DSRTypes::RT_selectedFrom, sopClassUid, sopInstanceUid, DSRTypes::AM_belowCurrent);
    up();
}

} // namespace chexview
