# Every third-party library comes from Debian's packages (scripts/install-deps.sh).
find_package(Boost 1.74 CONFIG REQUIRED COMPONENTS graph)
find_package(Eigen3 3.4 CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(yaml-cpp CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(fmt CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(Threads REQUIRED)
# NLopt's C++ API (libnlopt-cxx-dev): the optimizer of `orgforces optimize`. Found by file, as
# Debian installs two NLoptConfig.cmake (C and C++) under the same package name.
find_library(NLOPT_CXX_LIBRARY nlopt_cxx REQUIRED)
find_path(NLOPT_CXX_INCLUDE_DIR nlopt.hpp REQUIRED)
# `orgforces optimize` with two or more objectives: NSGA-II.
find_package(Pagmo CONFIG REQUIRED)

# pcg-cpp is header-only and ships no CMake package.
find_path(PCG_INCLUDE_DIR pcg_random.hpp REQUIRED)
add_library(pcg INTERFACE)
target_include_directories(pcg SYSTEM INTERFACE ${PCG_INCLUDE_DIR})

if(ORGFORCES_MPI)
  find_package(MPI COMPONENTS CXX)
  if(MPI_CXX_FOUND)
    message(STATUS "orgforces: MPI found, distributed sweeps enabled")
  else()
    message(STATUS "orgforces: MPI not found, sweeps run on one machine")
  endif()
endif()

if(ORGFORCES_DASHBOARD)
  find_package(glfw3 3.3 CONFIG)
  find_package(OpenGL)
  find_package(PkgConfig)
  if(PkgConfig_FOUND)
    pkg_check_modules(IMGUI IMPORTED_TARGET imgui)
    # Graphviz's `dot` lays out the causal-loop view; without it a built-in layered layout does.
    pkg_check_modules(GVC IMPORTED_TARGET libgvc)
  endif()
  if(NOT (glfw3_FOUND AND OpenGL_FOUND AND IMGUI_FOUND))
    message(WARNING "orgforces: GLFW, OpenGL or Dear ImGui missing; the dashboard is not built")
    set(ORGFORCES_DASHBOARD OFF CACHE BOOL "" FORCE)
  endif()
endif()
