# Installed layout and the Debian package (CPack). `packaging/make-deb.sh` builds
# build/chexview_<version>_amd64.deb. The executables find everything relative to themselves:
#   /usr/bin/chexview, /usr/bin/chexview-cli
#   /usr/lib/chexview/libchexview_torch.so            (bin/../lib/chexview)
#   /usr/share/chexview/{dataset,sample}              (bin/../share/chexview)
#   /usr/share/chexview/models/chexnet-demo           (the default model package)
#   /usr/share/applications, metainfo, icons          (desktop integration)
set(CHEXVIEW_DEB_DIR ${CMAKE_CURRENT_LIST_DIR})
set(CHEXVIEW_APP_ID io.github.chexview.Chexview)

install(TARGETS chexview chexview-cli RUNTIME DESTINATION bin)
install(TARGETS chexview_torch LIBRARY DESTINATION lib/chexview)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/dataset ${PROJECT_SOURCE_DIR}/resources/sample
                  ${PROJECT_SOURCE_DIR}/resources/hanging
        DESTINATION share/chexview)
# Built by packaging/setup.sh after the compile step; a package without it would not analyse.
install(DIRECTORY ${CMAKE_BINARY_DIR}/models/chexnet-demo DESTINATION share/chexview/models
        PATTERN ".stamp" EXCLUDE)
install(FILES ${CHEXVIEW_DEB_DIR}/${CHEXVIEW_APP_ID}.desktop DESTINATION share/applications)
install(FILES ${CHEXVIEW_DEB_DIR}/${CHEXVIEW_APP_ID}.metainfo.xml DESTINATION share/metainfo)
install(FILES ${CHEXVIEW_DEB_DIR}/${CHEXVIEW_APP_ID}.svg
        DESTINATION share/icons/hicolor/scalable/apps)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/resources/sample/PROVENANCE.md
        DESTINATION share/doc/chexview)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME chexview)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "chexview")
set(CPACK_PACKAGE_CONTACT "chexview developers <chexview@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "chest X-ray viewer with CheXNet findings (not for clinical use)")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "chest X-ray viewer with CheXNet findings (not for clinical use)\n Opens DICOM (all common transfer syntaxes), PNG, JPEG and TIFF chest X-rays with\n window/level and a DICOM tags panel, runs CheXNet (DenseNet121, 14 ChestX-ray14\n findings) with a heatmap per finding, anonymizes everything it shows and exports,\n and writes one-page PDF reports. Research, teaching and demonstration only.\n The bundled model has untrained demo weights.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Library dependencies from the binaries (dpkg-shlibdeps: Qt, DCMTK, OpenCV, OpenJPEG, LibTorch),
# plus what is loaded at run time rather than linked: Qt's platform plugins, Qt Sql's SQLite
# driver (the study index) and the fonts; and
# OpenBLAS, which LibTorch reaches through libblas.so.3 (netlib's reference BLAS otherwise).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp")
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR})
set(CPACK_STRIP_FILES ON)
include(CPack)
