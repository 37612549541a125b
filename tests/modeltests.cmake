# modeltests.cmake — tests that catch a wrong model (issue 20), included from tests/CMakeLists.txt.
# Known answers worked out by hand (unit), the diffusion against its declared p and q, randomness
# that matters (a pinned tally, seeds and steps that change the draws), stock-flow identities
# recomputed from the output file alone, README's story, and the mutation score (label `mutation`,
# slow: not part of the default run; `ctest -LE mutation`).
aiecon_unit_test(known_answers RANKS 1 LABELS model)
aiecon_unit_test(known_answers_players RANKS 1 LABELS model)
target_compile_definitions(test_known_answers_players PRIVATE AIECON_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
aiecon_unit_test(investment RANKS 1 LABELS model)
aiecon_unit_test(capital RANKS 1 LABELS model)
aiecon_unit_test(credit RANKS 1 LABELS model)
target_compile_definitions(test_credit PRIVATE AIECON_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
aiecon_unit_test(collateral RANKS 1 LABELS model)
target_compile_definitions(test_collateral PRIVATE AIECON_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
target_compile_definitions(test_investment PRIVATE AIECON_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
aiecon_script_test(bass_declared bass_declared.sh LABELS "validation;model")
aiecon_script_test(pinned_tally pinned_tally.sh LABELS "determinism;model")
aiecon_script_test(output_identities output_identities.sh LABELS model)
aiecon_script_test(readme_story readme_story.sh LABELS model)
aiecon_script_test(ambition ambition.sh LABELS model)
# every parameter moves some shipped scenario's output or is listed with its reason (issue 16)
aiecon_script_test(inert_params inert_params.sh LABELS "model;calibration")
# one baseline or variant run per instance of each key tiny leaves unmoved: about 26 min on 2 cores;
# it takes both (PROCESSORS 2) so that nothing beside it slows it past its limit
set_tests_properties(inert_params PROPERTIES TIMEOUT 3000 PROCESSORS 2)
aiecon_script_test(demand_dates demand_dates.sh LABELS model)
aiecon_script_test(pricing pricing.sh LABELS model)   # labs that set prices: moves, price war, cartel
aiecon_script_test(macro_effect macro_effect.sh LABELS model)
aiecon_script_test(mutation_score ../mutation/mutate.sh LABELS mutation)
set_tests_properties(mutation_score PROPERTIES TIMEOUT 14400 RUN_SERIAL TRUE)
# every mutation of the list still applies to this tree (its file found by basename, its line
# unique): cheap, so it runs by default and a stale list is noticed when the code moves on
add_test(NAME mutation_list COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/mutation/apply.py
         ${CMAKE_SOURCE_DIR}/tests/mutation/mutations.txt ${CMAKE_SOURCE_DIR} check)
set_tests_properties(mutation_list PROPERTIES LABELS model TIMEOUT 60)
aiecon_unit_test(demand RANKS 1 LABELS model)
aiecon_unit_test(macro RANKS 1 LABELS model)
aiecon_script_test(demand_rebound demand_rebound.sh LABELS model)
