/* placeholder: being written */
typedef int aiecon_placeholder_scenario;
